//! The `tandem-triage` command line and its output contract.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use super::demo_kb_path;

fn run(args: &[&str], stdin: &str) -> Output {
    run_bytes(args, stdin.as_bytes())
}

fn run_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem-triage"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("the CLI finishes")
}

#[test]
fn a_line_that_is_not_utf8_is_reported_and_the_rest_still_classified() {
    let kb = demo_kb_path();
    let out = run_bytes(
        &["classify", "--kb", kb.to_str().expect("utf-8 path")],
        b"where is my parcel\n\xff\xfe my card was stolen\r\nhow do I return a jacket",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 2 of standard input is not valid UTF-8"),
        "{stderr}"
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "one line per input line: {text}");
    assert_eq!(lines[1]["redacted"], "\u{FFFD}\u{FFFD} my card was stolen");
    assert_eq!(lines[1]["decision"], "handoff");
    assert_eq!(lines[2]["intent"], "returns");
}

fn write_temp(name: &str, contents: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write");
    (dir, path)
}

const TRAIN: &str = "text,category\n\
where is my parcel,delivery\nwhen will my order arrive,delivery\nhas my package shipped,delivery\n\
how do i return an item,returns\ncan i send this back,returns\nreturn policy,returns\n\
\"someone used my card, help\",fraud\ni did not make this purchase,fraud\nunknown charge,fraud\n";

#[test]
fn classify_prints_one_object_per_line_with_the_contract_fields() {
    let kb = demo_kb_path();
    let out = run(
        &["classify", "--kb", kb.to_str().expect("utf-8 path")],
        "how do I send back a jacket\n\nmy card 4111 1111 1111 1111 was refused\nsomeone used my card\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(
        lines.len(),
        4,
        "one line per input line, blank ones included"
    );
    let first = text.lines().next().expect("a line");
    let positions: Vec<usize> = [
        "intent",
        "confidence",
        "in_scope",
        "sensitive",
        "decision",
        "reason",
        "redacted",
    ]
    .iter()
    .map(|k| {
        first
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} missing in {first}"))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "fields out of order: {first}"
    );
    assert_eq!(lines[0].as_object().expect("object").len(), 7);
    assert_eq!(lines[0]["intent"], "returns");
    assert_eq!(lines[0]["decision"], "answer");
    assert!(lines[0]["sensitive"].is_null());
    let confidence = lines[0]["confidence"].as_f64().expect("number");
    assert!((0.0..=1.0).contains(&confidence));
    assert_eq!(lines[1]["decision"], "clarify");
    assert_eq!(lines[2]["redacted"], "my card [card number] was refused");
    assert!(
        !text.contains("4111"),
        "no card digits anywhere in the output"
    );
    assert_eq!(lines[3]["decision"], "handoff");
    assert_eq!(lines[3]["sensitive"], "fraud or unrecognised charge");
}

#[test]
fn human_intents_always_hand_off_but_keep_the_top_label() {
    let (_dir, train) = write_temp("train.csv", TRAIN);
    let train = train.to_str().expect("utf-8 path");
    let out = run(
        &["classify", "--train", train, "--human-intents", "returns"],
        "can i send this back\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(line["intent"], "returns");
    assert_eq!(line["decision"], "handoff");
}

#[test]
fn bad_inputs_fail_with_a_line_number_and_no_output() {
    let (_dir, bad) = write_temp("bad.csv", "text,category\nok,a\nnot, quoted, b\n");
    let out = run(
        &["classify", "--train", bad.to_str().expect("utf-8 path")],
        "hello\n",
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3: expected 2 fields, found 3"),
        "{stderr}"
    );

    let (_dir, train) = write_temp("train.csv", TRAIN);
    let out = run(
        &[
            "classify",
            "--train",
            train.to_str().expect("utf-8 path"),
            "--human-intents",
            "nope",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nope`, which is not an intent"));

    let (_dir, kb) = write_temp("kb.toml", "locale = \"en\"\n[[intent]]\nid = \"a b\"\n");
    let out = run(&["classify", "--kb", kb.to_str().expect("utf-8 path")], "");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kb.toml: line 2: missing field `title`"),
        "{stderr}"
    );

    let out = run(&["classify"], "");
    assert!(!out.status.success(), "a training source is required");
}

#[test]
fn eval_reports_the_promised_figures() {
    let (_dir, train) = write_temp("train.csv", TRAIN);
    let train = train.to_str().expect("utf-8 path");
    let out = run(&["eval", "--train", train, "--test", train], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for label in ["accuracy:", "macro-F1:", "coverage:", "µs per query:"] {
        assert!(text.contains(label), "{label} missing from\n{text}");
    }
    assert!(
        text.contains("accuracy:          100.00%"),
        "training data is learned:\n{text}"
    );
}

#[test]
fn compile_writes_a_model_that_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("model.bin");
    let kb = demo_kb_path();
    let out = run(
        &[
            "compile",
            "--kb",
            kb.to_str().expect("utf-8 path"),
            "--out",
            model.to_str().expect("utf-8 path"),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&model).expect("model written");
    let bundle = tandem_triage::engine::Engine::decode(&bytes).expect("loads");
    assert!(bundle.intents.labels().contains(&"returns".to_owned()));
    assert!(
        bundle.sensitive_model.is_some(),
        "the sensitive-topic model is compiled in"
    );
}
