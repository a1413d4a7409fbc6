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
    /// Brand colour of the bubble and header, `#rrggbb`.
    #[serde(default = "default_color")]
    pub color: String,
    /// The knowledge base file, relative to the site file.
    #[serde(default)]
    pub knowledge_base: Option<String>,
    /// When people answer; outside these hours shoppers are offered to
    /// leave a message. Always open when absent.
    #[serde(default)]
    pub business_hours: Option<BusinessHours>,
}

/// Opening hours in the merchant's time zone, given as a fixed UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// Minutes east of UTC (Stockholm in winter: 60).
    pub utc_offset_minutes: i32,
    /// Open days: `mon` … `sun`.
    pub days: Vec<String>,
    /// Opening time, `HH:MM`.
    pub open: String,
    /// Closing time, `HH:MM`, later than `open`.
    pub close: String,
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn minutes_of(time: &str) -> Option<i64> {
    let (h, m) = time.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m) && time.len() == 5).then_some(h * 60 + m)
}

impl BusinessHours {
    fn validate(&self) -> anyhow::Result<()> {
        for day in &self.days {
            if !DAYS.contains(&day.as_str()) {
                anyhow::bail!(
                    "business_hours.days: `{day}` is not one of mon, tue, wed, thu, fri, sat, sun"
                );
            }
        }
        let (Some(open), Some(close)) = (minutes_of(&self.open), minutes_of(&self.close)) else {
            anyhow::bail!("business_hours.open and close must be times like 08:00");
        };
        if close <= open {
            anyhow::bail!("business_hours.close must be later than open");
        }
        if self.utc_offset_minutes.abs() > 14 * 60 {
            anyhow::bail!("business_hours.utc_offset_minutes must be within ±840");
        }
        Ok(())
    }

    /// True when `unix_ms` falls within opening hours.
    pub fn is_open(&self, unix_ms: i64) -> bool {
        let local_minutes = unix_ms.div_euclid(60_000) + i64::from(self.utc_offset_minutes);
        let day_index = local_minutes.div_euclid(24 * 60);
        // 1970-01-01 was a Thursday (index 3 with Monday as 0).
        let weekday = DAYS[(day_index + 3).rem_euclid(7) as usize];
        let minute = local_minutes.rem_euclid(24 * 60);
        let (open, close) = (
            minutes_of(&self.open).unwrap_or(0),
            minutes_of(&self.close).unwrap_or(0),
        );
        self.days.iter().any(|d| d == weekday) && (open..close).contains(&minute)
    }
}

fn default_color() -> String {
    "#0a7a3e".to_owned()
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

    /// Every site, ordered by key.
    pub fn all(&self) -> Vec<&Site> {
        let mut sites: Vec<&Site> = self.0.values().collect();
        sites.sort_by(|a, b| a.key.cmp(&b.key));
        sites
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
        model: Some(engine.to_bytes()),
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
    if let Some(hours) = &config.business_hours {
        hours.validate()?;
    }
    let hex = config.color.strip_prefix('#').unwrap_or_default();
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        anyhow::bail!("color `{}` must look like #0a7a3e", config.color);
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
        let bundle = tandem_triage::engine::Engine::decode(site.model.as_deref().expect("model"))
            .expect("model decodes");
        assert_eq!(bundle.intents.labels().len(), kb.intents.len());
        assert!(
            bundle.sensitive_model.is_some(),
            "the sensitive-topic model ships too"
        );
    }

    #[test]
    fn business_hours_in_the_merchants_time_zone() {
        let hours = super::BusinessHours {
            utc_offset_minutes: 60,
            days: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            open: "08:00".into(),
            close: "18:00".into(),
        };
        // 2026-11-23 is a Monday. 07:30 UTC is 08:30 in Stockholm.
        let monday_0730_utc = 1_795_419_000_000;
        assert!(hours.is_open(monday_0730_utc));
        assert!(
            !hours.is_open(monday_0730_utc - 3_600_000),
            "06:30 UTC is 07:30 local: closed"
        );
        assert!(!hours.is_open(monday_0730_utc - 2 * 86_400_000), "Saturday");
        assert!(
            !hours.is_open(monday_0730_utc + 10 * 3_600_000),
            "18:30 local"
        );
        let bad = parse(
            "key = \"a\"\nname = \"x\"\nallowed_origins = []\n[business_hours]\nutc_offset_minutes = 0\ndays = [\"moonday\"]\nopen = \"08:00\"\nclose = \"18:00\"\n",
        );
        assert!(
            bad.expect_err("bad day")
                .to_string()
                .contains("`moonday` is not one of")
        );
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
