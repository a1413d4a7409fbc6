//! Site configuration: one TOML file per merchant site (`--site FILE`,
//! repeatable). The key identifies the site in the embed tag; the allowed
//! origins are the merchant pages that may frame the widget.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;
use tandem_triage::classifier::TrainConfig;
use tandem_triage::engine::Engine;
use tandem_triage::kb::KnowledgeBase;

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

/// A site with its knowledge base and the compiled model the widget loads.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration.
    pub config: SiteConfig,
    /// The knowledge base, when the site has one.
    pub knowledge_base: Option<KnowledgeBase>,
    /// The classifier trained on it, serialised for the widget.
    pub model: Option<Vec<u8>>,
}

impl std::ops::Deref for Site {
    type Target = SiteConfig;

    fn deref(&self) -> &SiteConfig {
        &self.config
    }
}

/// All configured sites by key.
#[derive(Debug, Clone, Default)]
pub struct Sites(HashMap<String, Site>);

impl Sites {
    /// Sites from configs already in memory, without knowledge bases.
    pub fn new(configs: impl IntoIterator<Item = SiteConfig>) -> Self {
        Self(
            configs
                .into_iter()
                .map(|c| {
                    (
                        c.key.clone(),
                        Site {
                            config: c,
                            knowledge_base: None,
                            model: None,
                        },
                    )
                })
                .collect(),
        )
    }

    /// Reads and checks site files, loads each knowledge base (relative to
    /// its site file) and trains its model.
    pub fn load(paths: &[impl AsRef<Path>]) -> anyhow::Result<Self> {
        let mut sites = HashMap::new();
        for path in paths {
            let path = path.as_ref();
            let site = load_site(path).with_context(|| format!("in {}", path.display()))?;
            if sites.insert(site.key.clone(), site).is_some() {
                anyhow::bail!("two site files use the key in {}", path.display());
            }
        }
        Ok(Self(sites))
    }

    /// The site with this key.
    pub fn get(&self, key: &str) -> Option<&Site> {
        self.0.get(key)
    }
}

/// Reads one site file and everything it points to.
pub fn load_site(path: &Path) -> anyhow::Result<Site> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let config = parse(&text)?;
    let Some(kb_file) = &config.knowledge_base else {
        return Ok(Site {
            config,
            knowledge_base: None,
            model: None,
        });
    };
    let kb_path = path.parent().unwrap_or(Path::new(".")).join(kb_file);
    let kb_text = std::fs::read_to_string(&kb_path)
        .with_context(|| format!("reading {}", kb_path.display()))?;
    let kb = KnowledgeBase::from_toml(&kb_text).map_err(|mut e| {
        e.source_name = Some(kb_path.display().to_string());
        anyhow::anyhow!(e)
    })?;
    let engine = Engine::train(kb.clone(), &[], &TrainConfig::default())
        .with_context(|| format!("training on {}", kb_path.display()))?;
    Ok(Site {
        config,
        knowledge_base: Some(kb),
        model: Some(engine.model().to_bytes()),
    })
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
    fn the_demo_site_loads_with_its_knowledge_base_and_model() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sites/demo/site.toml");
        let site = super::load_site(&path).expect("loads");
        let kb = site.knowledge_base.as_ref().expect("knowledge base");
        assert!(kb.intent("returns").is_some());
        let model = tandem_triage::classifier::Classifier::from_bytes(
            site.model.as_deref().expect("model"),
        )
        .expect("model decodes");
        assert_eq!(model.labels().len(), kb.intents.len());
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
