//! Links the `git-plan` executable as a position-dependent binary on Linux:
//! a PIE is relocated by the dynamic loader at every start (about 12,500
//! relocations, a tenth of a warm `git plan status`), a plain executable is
//! not. Nothing else changes; the code is compiled as usual.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if linux && gnu {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
