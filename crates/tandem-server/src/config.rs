//! Typed configuration, read once at the edge from flags and environment.
//!
//! Secrets (agent passwords) are accepted here but never logged: the
//! structs that hold them do not derive `Debug` output into traces.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

/// `tandem-server`: the handoff relay and static file server.
#[derive(Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `serve`, accepted without the subcommand name.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The subcommand to run, `serve` with the top-level flags by default.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// The server's subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Serve the widget, the console and the API.
    Serve(ServeArgs),
    /// Manage agent accounts.
    Agent {
        /// What to do with agents.
        #[command(subcommand)]
        command: AgentCommand,
    },
    /// Check site configuration files (and their knowledge bases) without serving.
    CheckSite {
        /// The site files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Where the database lives.
#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// Directory for the embedded SQLite database (`tandem.sqlite3`).
    #[arg(long, env = "TANDEM_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// A database URL: `sqlite://...`, or `postgres://...` for several servers
    /// sharing one database (`docs/deploy.md`); overrides `--data-dir` when set.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    /// The URL to connect to, creating the data directory for SQLite.
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating the data directory {}", self.data_dir.display()))?;
        Ok(format!(
            "sqlite://{}?mode=rwc",
            self.data_dir.join("tandem.sqlite3").display()
        ))
    }
}

/// Flags of `tandem-server serve`.
#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TANDEM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Directory holding the built `widget/` and `console/` bundles.
    #[arg(long, env = "TANDEM_WEB_DIR", default_value = "target/web")]
    pub web_dir: PathBuf,
    /// Site configuration files (repeat for several sites).
    #[arg(long = "site", env = "TANDEM_SITES", value_delimiter = ',')]
    pub sites: Vec<PathBuf>,
    /// Create the demo agents if they do not exist (for `cargo xtask demo`).
    #[arg(long, env = "TANDEM_SEED_DEMO_AGENTS")]
    pub seed_demo_agents: bool,
    /// Origins of `trunk serve` dev servers that proxy to this server, to
    /// trust as its own (e.g. `http://127.0.0.1:8081`). Development only.
    #[arg(long = "dev-origin", env = "TANDEM_DEV_ORIGINS", value_delimiter = ',')]
    pub dev_origins: Vec<String>,
    /// Addresses of load balancers in front of this server. Requests from
    /// them are counted against the client address in their
    /// `X-Forwarded-For` header (per-address connection caps and login
    /// limits); everyone else's header is ignored, so it cannot be forged.
    #[arg(
        long = "trusted-proxy",
        env = "TANDEM_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where the database lives.
    #[command(flatten)]
    pub db: DatabaseArgs,
}

impl ServeArgs {
    /// See [`DatabaseArgs::database_url`].
    pub fn database_url(&self) -> anyhow::Result<String> {
        self.db.database_url()
    }
}

/// `tandem-server agent ...`.
#[derive(Subcommand)]
pub enum AgentCommand {
    /// Add an agent, or change an existing agent's name, password and languages.
    Add {
        /// Where the database lives.
        #[command(flatten)]
        db: DatabaseArgs,
        /// The agent's login email.
        #[arg(long)]
        email: String,
        /// The name shoppers see.
        #[arg(long)]
        name: String,
        /// The agent's password (read from the environment to keep it out of shell history).
        #[arg(long, env = "TANDEM_AGENT_PASSWORD", hide_env_values = true)]
        password: String,
        /// Languages the agent speaks, e.g. `en,sv`.
        #[arg(long, value_delimiter = ',', default_value = "en")]
        languages: Vec<String>,
    },
    /// List agents.
    List {
        /// Where the database lives.
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Remove an agent.
    Remove {
        /// Where the database lives.
        #[command(flatten)]
        db: DatabaseArgs,
        /// The email of the agent to remove.
        #[arg(long)]
        email: String,
    },
}
