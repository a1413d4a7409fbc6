//! placeholder while the workspace first compiles
fn main() {}
