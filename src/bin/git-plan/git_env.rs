//! What git hands a subcommand in the environment: the configuration given
//! with `git -c key=value` (`GIT_CONFIG_PARAMETERS`).

/// Parses `GIT_CONFIG_PARAMETERS` as git writes it (config.c,
/// `git_config_push_parameter` and `sq_quote_buf`): entries separated by
/// spaces, each either `'key'='value'` (git 2.31 and later), `'key'=` (a
/// key with no value, `git -c key`: true) or `'key=value'` / `'key'` (older
/// gits), every part single-quoted
/// with a `'` inside written as `'\''` and `!` as `'\!'`. Returns
/// `key=value` (or `key`) strings, in order: the last one of a key wins.
pub fn config_parameters(raw: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = raw.trim_start();
    while !rest.is_empty() {
        let (key, after) = quoted(rest)?;
        rest = after;
        let entry = match rest.strip_prefix('=') {
            Some(after) => {
                // `'key'=` with nothing after it is a key without a value
                // (`git -c key`: true); `'key'=''` is an empty value.
                if after.is_empty() || after.starts_with(' ') {
                    rest = after;
                    key
                } else {
                    let (value, after) = quoted(after)?;
                    rest = after;
                    format!("{key}={value}")
                }
            }
            None => key,
        };
        out.push(entry);
        if !rest.is_empty() && !rest.starts_with(' ') {
            return Err(format!("unexpected `{rest}` after an entry"));
        }
        rest = rest.trim_start();
    }
    Ok(out)
}

/// One shell-single-quoted word at the start of `s`, with the `'\''` and
/// `'\!'` escapes; returns it unquoted and the rest.
fn quoted(s: &str) -> Result<(String, &str), String> {
    let mut rest = s
        .strip_prefix('\'')
        .ok_or_else(|| format!("expected a quoted entry at `{s}`"))?;
    let mut word = String::new();
    loop {
        let end = rest
            .find('\'')
            .ok_or_else(|| format!("unterminated quote in `{s}`"))?;
        word.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        // `'\''` ends the quote, adds an escaped character and reopens it.
        let mut chars = rest.chars();
        if chars.next() == Some('\\') {
            if let Some(c) = chars.next() {
                if let Some(reopened) = chars.as_str().strip_prefix('\'') {
                    word.push(c);
                    rest = reopened;
                    continue;
                }
            }
        }
        return Ok((word, rest));
    }
}

#[cfg(test)]
mod tests {
    use super::config_parameters;

    #[test]
    fn reads_what_git_writes() {
        // What git 2.47 hands on for `git -c color.ui=never -c "x.y=it's"
        // -c core.flag -c 'a.b=c!d' -c e.f= -c 'plan.root=a b' plan`.
        assert_eq!(
            config_parameters(
                "'color.ui'='never' 'x.y'='it'\\''s' 'core.flag'= 'a.b'='c'\\!'d' 'e.f'='' 'plan.root'='a b'"
            )
            .unwrap(),
            ["color.ui=never", "x.y=it's", "core.flag", "a.b=c!d", "e.f=", "plan.root=a b"]
        );
        // Older gits quote the whole entry.
        assert_eq!(
            config_parameters(" 'color.ui=always'").unwrap(),
            ["color.ui=always"]
        );
        assert_eq!(config_parameters("'a.b'=").unwrap(), ["a.b"]);
        assert_eq!(config_parameters("").unwrap(), Vec::<String>::new());
        assert_eq!(
            config_parameters("'a.b'='x'y").unwrap_err(),
            "unexpected `y` after an entry"
        );
        assert_eq!(config_parameters("'a.b'='x'\\!''").unwrap(), ["a.b=x!"]);
        assert!(config_parameters("'a.b").is_err());
        assert!(config_parameters("a.b").is_err());
    }
}
