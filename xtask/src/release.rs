//! What a merchant's script inventory needs (PCI DSS 6.4.3), and what the
//! shopper downloads: the loader published under a content-hashed name with
//! its Subresource Integrity hash, and `cargo xtask size`, which reports
//! every bundle gzipped and fails above budget.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use sha2::Digest as _;

use crate::cmd::{self, root};

/// Loader budget, gzip bytes (issue: <= 2 KB).
const LOADER_BUDGET: u64 = 2 * 1024;
/// Widget Wasm + JS budget, gzip bytes (issue: <= 120 KB).
const WIDGET_BUDGET: u64 = 120 * 1024;

/// The loader as shipped: comments and indentation removed. `embed.js` is
/// hand-written to allow this: no `/*` or `//` inside strings, and every
/// statement ends with `;` or a brace, so joining lines keeps its meaning.
/// (A full JS minifier would save a few more bytes for a large dependency.)
pub(crate) fn shrink_loader(source: &str) -> String {
    let mut without_blocks = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("/*") {
        without_blocks.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_blocks.push_str(rest);
    without_blocks
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `sha384-<base64>`, the value of an `integrity` attribute.
fn integrity(bytes: &[u8]) -> String {
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Writes the shrunk loader to `dist/embed.js` (the stable address) and
/// `dist/embed-<hash>.js` (an immutable one for tags with `integrity`), and
/// `dist/integrity.txt` listing every shipped script and Wasm file with its
/// integrity hash. Returns the hashed loader's file name.
pub(crate) fn publish_loader(dist: &Path) -> anyhow::Result<String> {
    let source = std::fs::read_to_string(root().join("static/embed.js"))
        .context("reading static/embed.js")?;
    let loader = shrink_loader(&source);
    let digest = sha2::Sha384::digest(loader.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let hashed = format!("embed-{hex}.js");
    std::fs::write(dist.join("embed.js"), &loader)?;
    std::fs::write(dist.join(&hashed), &loader)?;
    let mut lines = Vec::new();
    for path in files(dist)? {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css") {
            lines.push(format!("{name} {}", integrity(&std::fs::read(&path)?)));
        }
    }
    lines.sort();
    std::fs::write(dist.join("integrity.txt"), lines.join("\n") + "\n")?;
    Ok(hashed)
}

/// Prints the tag a merchant pastes, with SRI, and the inventory file.
pub(crate) fn print_inventory(dist: &Path, hashed: &str) -> anyhow::Result<()> {
    let loader = std::fs::read(dist.join(hashed))?;
    println!("Loader for merchants' script inventories (PCI DSS 6.4.3):");
    println!(
        "  <script src=\"https://YOUR-TANDEM-HOST/widget/{hashed}\" integrity=\"{}\" crossorigin=\"anonymous\" data-site=\"SITE_KEY\" async></script>",
        integrity(&loader)
    );
    println!(
        "  every shipped file and its hash: {}",
        dist.join("integrity.txt").display()
    );
    Ok(())
}

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() {
            out.push(path);
        }
    }
    Ok(out)
}

fn gzip_len(bytes: &[u8]) -> anyhow::Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// Gzip bytes of the Trunk bundle in `dist`: its `.wasm` and `.js` files,
/// leaving the loader out (it is reported on its own).
fn bundle_gzip(dist: &Path) -> anyhow::Result<(u64, u64)> {
    let (mut raw, mut gz) = (0, 0);
    for path in files(dist)? {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let is_code = name.ends_with(".wasm") || name.ends_with(".js");
        if is_code && !name.starts_with("embed") {
            let bytes = std::fs::read(&path)?;
            raw += bytes.len() as u64;
            gz += gzip_len(&bytes)?;
        }
    }
    Ok((raw, gz))
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// `cargo xtask size`: builds the bundles and reports their gzip sizes
/// against the budgets; fails when one is over.
pub(crate) fn size() -> anyhow::Result<()> {
    crate::setup::ensure()?;
    crate::web::build_bundles()?;
    let web = root().join("target/web");
    let loader = std::fs::read(web.join("widget/embed.js"))?;
    let loader_gz = gzip_len(&loader)?;
    let (widget_raw, widget_gz) = bundle_gzip(&web.join("widget"))?;
    let (console_raw, console_gz) = bundle_gzip(&web.join("console"))?;

    // The model the widget downloads for the demo site, compiled by the CLI
    // exactly as the server serves it.
    let model = root().join("target/web/demo-model.bin");
    cmd::run(
        cmd::cargo()
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "tandem-triage",
                "--",
                "compile",
                "--kb",
            ])
            .arg(root().join("sites/demo/knowledge-base.toml"))
            .arg("--out")
            .arg(&model),
    )?;
    let model_bytes = std::fs::read(&model)?;
    let model_gz = gzip_len(&model_bytes)?;

    println!();
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "bundle", "raw", "gzip", "budget"
    );
    let over_loader = loader_gz > LOADER_BUDGET;
    let over_widget = widget_gz > WIDGET_BUDGET;
    println!(
        "{:<34} {:>10} {:>10} {:>10}{}",
        "loader embed.js",
        kb(loader.len() as u64),
        kb(loader_gz),
        kb(LOADER_BUDGET),
        if over_loader { "  OVER" } else { "" }
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10}{}",
        "widget Wasm + JS",
        kb(widget_raw),
        kb(widget_gz),
        kb(WIDGET_BUDGET),
        if over_widget { "  OVER" } else { "" }
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "agent console Wasm + JS",
        kb(console_raw),
        kb(console_gz),
        "-"
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "demo knowledge-base model",
        kb(model_bytes.len() as u64),
        kb(model_gz),
        "-"
    );
    if over_loader || over_widget {
        bail!("a bundle is over its budget (see above)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_drops_comments_and_indentation_only() {
        let source = "/*! header\n * more */\n(function () {\n  // why\n  var a = \"x\"; /* inline */ var b = 1;\n\n  return a;\n})();\n";
        assert_eq!(
            shrink_loader(source),
            "(function () {\nvar a = \"x\";  var b = 1;\nreturn a;\n})();"
        );
    }

    #[test]
    fn the_real_loader_keeps_its_code() {
        let source = std::fs::read_to_string(root().join("static/embed.js")).expect("embed.js");
        let shrunk = shrink_loader(&source);
        assert!(!shrunk.contains("/*") && !shrunk.contains("\n//"));
        for needle in [
            "postMessage",
            "setContext",
            "identify",
            "event.origin !== widgetOrigin",
        ] {
            assert!(shrunk.contains(needle), "{needle} lost");
        }
        // The loader's budget holds in every CI run, not only in reports.
        let gz = gzip_len(shrunk.as_bytes()).expect("gzip");
        assert!(
            gz <= LOADER_BUDGET,
            "loader is {gz} B gzip, budget {LOADER_BUDGET} B"
        );
    }

    #[test]
    fn integrity_is_the_sri_form_of_sha384() {
        // echo -n "alert('Hello, world.');" | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"alert('Hello, world.');"),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }
}
