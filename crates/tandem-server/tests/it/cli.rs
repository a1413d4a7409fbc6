//! The `tandem-server` command line: checking site files, managing agents.

use std::process::Command;

fn server(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tandem-server"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("runs")
}

#[test]
fn check_site_accepts_the_demo_and_explains_a_bad_file() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sites/demo/site.toml");
    let ok = server(&["check-site", demo]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout)
            .contains("site `demo` (Nordlys Outdoor), 2 allowed origin(s), 9 intent(s): OK")
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "key = \"x\"\nname = \"X\"\nallowed_origins = [\"https://shop.example/checkout\"]\n",
    )
    .expect("write");
    let refused = server(&["check-site", bad.to_str().expect("utf-8")]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("must look like https://shop.example")
    );
}

#[test]
fn agents_are_added_listed_and_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_str().expect("utf-8");
    let add = Command::new(env!("CARGO_BIN_EXE_tandem-server"))
        .args([
            "agent",
            "add",
            "--data-dir",
            data,
            "--email",
            "eva@shop.example",
            "--name",
            "Eva",
            "--languages",
            "sv,en",
        ])
        .env("TANDEM_AGENT_PASSWORD", "a long secret")
        .env_remove("DATABASE_URL")
        .output()
        .expect("runs");
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let list = server(&["agent", "list", "--data-dir", data]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "eva@shop.example\tEva\tsv,en\n"
    );
    let short = Command::new(env!("CARGO_BIN_EXE_tandem-server"))
        .args([
            "agent",
            "add",
            "--data-dir",
            data,
            "--email",
            "x@shop.example",
            "--name",
            "X",
        ])
        .env("TANDEM_AGENT_PASSWORD", "short")
        .env_remove("DATABASE_URL")
        .output()
        .expect("runs");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8 characters"));
    assert!(
        server(&[
            "agent",
            "remove",
            "--data-dir",
            data,
            "--email",
            "eva@shop.example"
        ])
        .status
        .success()
    );
    let again = server(&[
        "agent",
        "remove",
        "--data-dir",
        data,
        "--email",
        "eva@shop.example",
    ]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("no agent with the email eva@shop.example")
    );
}
