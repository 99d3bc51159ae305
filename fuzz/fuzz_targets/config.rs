//! `plan.toml` from arbitrary text: a value or an error naming the file,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = git_plan::workspace::config::PlanConfig::parse(std::path::Path::new("plan.toml"), text);
});
