//! SIGHUP, SIGTERM and SIGINT during a writing command: the handler only
//! stores the signal's number (`signal_hook::flag`, nothing else runs in
//! signal context), and the library, which watches the flag while it
//! applies a change, undoes the change as it would after a failure; the
//! command then exits with 128 + the signal's number.

use std::sync::atomic::AtomicUsize;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The number of the last signal that asked git plan to stop; 0 while none
/// has come.
static INTERRUPT: AtomicUsize = AtomicUsize::new(0);

/// The signals a writing command turns into an undo.
const STOPPING: [i32; 3] = [SIGHUP, SIGINT, SIGTERM];

/// From here on, the stopping signals set the flag instead of killing the
/// process. Called by every writing command once it holds the lock, so
/// that a signal while it reads, plans or commits is undone; the read
/// commands keep the default, immediate exit. A signal that cannot be
/// registered keeps its default action.
pub fn arm() {
    for signal in STOPPING {
        let Ok(number) = usize::try_from(signal) else {
            continue;
        };
        let _ = signal_hook::flag::register_usize(signal, &INTERRUPT, number);
    }
}

/// The flag the library watches.
pub fn flag() -> &'static AtomicUsize {
    &INTERRUPT
}

/// The stored signal, if any.
pub fn received() -> Option<usize> {
    git_plan::write::git::interrupted(&INTERRUPT)
}

/// `SIGTERM`, for messages.
pub fn name(signal: usize) -> String {
    match i32::try_from(signal) {
        Ok(SIGHUP) => "SIGHUP".to_string(),
        Ok(SIGINT) => "SIGINT".to_string(),
        Ok(SIGTERM) => "SIGTERM".to_string(),
        _ => format!("signal {signal}"),
    }
}

/// The exit code after `signal`, as a shell reports a process it killed.
pub fn exit_code(signal: usize) -> u8 {
    u8::try_from(128 + signal.min(127)).unwrap_or(u8::MAX)
}
