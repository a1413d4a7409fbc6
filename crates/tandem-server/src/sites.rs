//! Site configuration: one TOML file per merchant site (`--site FILE`,
//! repeatable). The key identifies the site in the embed tag; the allowed
//! origins are the merchant pages that may frame the widget.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

/// One merchant site.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The key in `data-site`.
    pub key: String,
    /// The merchant's name, shown in the widget header.
    pub name: String,
    /// Origins (`https://shop.example`) whose pages may embed the widget.
    pub allowed_origins: Vec<String>,
    /// When nobody is available, replies come within this many hours.
    #[serde(default = "default_reply_hours")]
    pub reply_within_hours: u32,
    /// The knowledge base file, relative to the site file.
    #[serde(default)]
    pub knowledge_base: Option<String>,
}

fn default_reply_hours() -> u32 {
    24
}

/// All configured sites by key.
#[derive(Debug, Clone, Default)]
pub struct Sites(HashMap<String, SiteConfig>);

impl Sites {
    /// Sites from configs already in memory (tests, embedding).
    pub fn new(configs: impl IntoIterator<Item = SiteConfig>) -> Self {
        Self(configs.into_iter().map(|c| (c.key.clone(), c)).collect())
    }

    /// Reads and checks site files.
    pub fn load(paths: &[impl AsRef<Path>]) -> anyhow::Result<Self> {
        let mut configs = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let config = parse(&text).with_context(|| format!("in {}", path.display()))?;
            configs.push(config);
        }
        Ok(Self::new(configs))
    }

    /// The site with this key.
    pub fn get(&self, key: &str) -> Option<&SiteConfig> {
        self.0.get(key)
    }
}

/// Parses and validates one site file.
pub fn parse(text: &str) -> anyhow::Result<SiteConfig> {
    let config: SiteConfig = toml::from_str(text)?;
    if config.key.is_empty()
        || !config
            .key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        anyhow::bail!(
            "key `{}` may use only letters, digits, `-` and `_`",
            config.key
        );
    }
    for origin in &config.allowed_origins {
        let ok = (origin.starts_with("https://") || origin.starts_with("http://"))
            && !origin
                .trim_end_matches('/')
                .contains(|c: char| c.is_whitespace())
            && origin.matches('/').count() == 2;
        if !ok {
            anyhow::bail!(
                "allowed origin `{origin}` must look like https://shop.example (scheme and host, no path)"
            );
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn the_demo_site_parses() {
        let site = parse(include_str!("../../../sites/demo/site.toml")).expect("valid");
        assert_eq!(site.key, "demo");
        assert_eq!(site.reply_within_hours, 24);
    }

    #[test]
    fn bad_sites_are_explained() {
        let error =
            parse("key = \"a b\"\nname = \"x\"\nallowed_origins = []\n").expect_err("bad key");
        assert_eq!(
            error.to_string(),
            "key `a b` may use only letters, digits, `-` and `_`"
        );
        let error =
            parse("key = \"a\"\nname = \"x\"\nallowed_origins = [\"shop.example/checkout\"]\n")
                .expect_err("bad origin");
        assert!(
            error
                .to_string()
                .contains("must look like https://shop.example")
        );
    }
}
