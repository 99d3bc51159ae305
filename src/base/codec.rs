//! The small binary encoding of git-plan's caches: unsigned LEB128 varints,
//! zigzag for signed values, length-prefixed bytes, a checksum. Reading
//! never panics and never allocates more than the input could hold: any
//! malformed input reads as `None`.

pub(crate) fn put_uint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(crate) fn put_int(out: &mut Vec<u8>, n: i64) {
    put_uint(out, ((n << 1) ^ (n >> 63)) as u64);
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_uint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

pub(crate) fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

/// `0` for none, else the value plus one.
pub(crate) fn put_opt_uint(out: &mut Vec<u8>, n: Option<u64>) {
    put_uint(out, n.map_or(0, |n| n + 1));
}

pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
    pub(crate) pos: usize,
}

impl<'b> Reader<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    pub(crate) fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub(crate) fn uint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    pub(crate) fn int(&mut self) -> Option<i64> {
        let n = self.uint()?;
        Some(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    /// A count, index or offset: bounded by the input's size, so a damaged
    /// length cannot ask for a huge allocation.
    pub(crate) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }

    pub(crate) fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub(crate) fn str(&mut self) -> Option<&'b str> {
        let len = self.len()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    pub(crate) fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    pub(crate) fn opt_string(&mut self) -> Option<Option<String>> {
        match self.flag()? {
            false => Some(None),
            true => self.string().map(Some),
        }
    }

    pub(crate) fn opt_uint(&mut self) -> Option<Option<u64>> {
        match self.uint()? {
            0 => Some(None),
            n => Some(Some(n - 1)),
        }
    }
}

/// The 64-bit FNV-1a offset basis and prime: the one hash of the caches.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv_step(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(FNV_PRIME)
}

/// FNV-1a of `bytes`, byte by byte, from `seed`.
fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(seed, |h, b| fnv_step(h, u64::from(*b)))
}

/// FNV-1a as a [`std::hash::Hasher`], for the string table: its keys are
/// short paths and names that no one picks to collide, and SipHash was a
/// third of the time to write the cache.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(self.0, bytes);
    }
}

/// 64-bit FNV-1a twice (two offsets) as 32 hex digits: a stable key, not a
/// security measure.
pub(crate) fn fnv_hex(text: &str) -> String {
    let bytes = text.as_bytes();
    format!(
        "{:016x}{:016x}",
        fnv1a(FNV_OFFSET, bytes),
        fnv1a(FNV_OFFSET.rotate_left(32), bytes)
    )
}

/// FNV-1a over 8-byte words (then the tail bytes): detects damage, fast
/// enough not to show.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let h = words.fold(FNV_OFFSET, |h, w| {
        let mut word = [0; 8];
        word.copy_from_slice(w);
        fnv_step(h, u64::from_le_bytes(word))
    });
    tail.iter().fold(h, |h, b| fnv_step(h, u64::from(*b)))
}

/// A cache file: magic, layout version, the key of what it holds, a checksum
/// of the payload, then the payload (so the payload is the file's end).
pub(crate) fn frame(magic: &[u8; 8], version: u32, key: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + key.len() + 32);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    put_str(&mut out, key);
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a file [`frame`]d with this magic, version and key, or
/// `None` if it is another file or damaged.
pub(crate) fn unframe<'b>(
    bytes: &'b [u8],
    magic: &[u8; 8],
    version: u32,
    key: &str,
) -> Option<&'b [u8]> {
    let mut r = Reader::new(bytes);
    if r.take(magic.len())? != magic
        || u32::from_le_bytes(r.take(4)?.try_into().ok()?) != version
        || r.str()? != key
    {
        return None;
    }
    let sum = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    let payload = &bytes[r.pos..];
    (checksum(payload) == sum).then_some(payload)
}

/// Reads a cache file; `None` (a miss) unless it is a regular file, or a
/// link to one: a FIFO or a device there would block the read, or never end.
pub(crate) fn read_file(path: &std::path::Path) -> Option<Vec<u8>> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

/// Writes a cache file through a temporary file beside it, so that readers
/// see the old file or the new one. Best effort: a cache that cannot be
/// written is simply not there next time.
pub(crate) fn write_file(path: &std::path::Path, bytes: &[u8]) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// The index of `value` in `all`, for enums stored as one byte.
pub(crate) fn index_of<T: PartialEq>(all: &[T], value: &T) -> Option<u8> {
    all.iter()
        .position(|x| x == value)
        .and_then(|i| u8::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_come_back() {
        let mut out = Vec::new();
        for n in [0u64, 1, 127, 128, 300, u64::MAX] {
            put_uint(&mut out, n);
        }
        for n in [0i64, -1, 1, i64::MIN, i64::MAX] {
            put_int(&mut out, n);
        }
        put_str(&mut out, "héllo");
        put_opt_str(&mut out, None);
        put_opt_uint(&mut out, Some(0));
        let mut r = Reader::new(&out);
        for n in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.uint(), Some(n));
        }
        for n in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(r.int(), Some(n));
        }
        assert_eq!(r.str(), Some("héllo"));
        assert_eq!(r.opt_string(), Some(None));
        assert_eq!(r.opt_uint(), Some(Some(0)));
        assert!(r.at_end());
        assert_eq!(r.byte(), None);
    }

    #[test]
    fn a_frame_gives_back_its_payload_only_to_the_same_reader() {
        let bytes = frame(b"testtest", 3, "key", b"payload");
        assert_eq!(
            unframe(&bytes, b"testtest", 3, "key"),
            Some(&b"payload"[..])
        );
        assert_eq!(unframe(&bytes, b"testtest", 3, "other"), None);
        assert_eq!(unframe(&bytes, b"testtest", 4, "key"), None);
        assert_eq!(unframe(&bytes, b"othrmagc", 3, "key"), None);
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x10;
            assert_eq!(unframe(&damaged, b"testtest", 3, "key"), None, "byte {i}");
            assert_eq!(
                unframe(&bytes[..i], b"testtest", 3, "key"),
                None,
                "cut at {i}"
            );
        }
    }
}
