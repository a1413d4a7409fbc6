//! The `tandem-server` binary: parse configuration, set up logging, bind,
//! and hand over to the library. Everything testable lives in `lib.rs`.

use anyhow::Context as _;
use clap::Parser as _;
use tandem_server::config::{AgentCommand, Cli, Command};
use tandem_server::{password, store};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    match cli.into_command() {
        Command::Serve(args) => serve(args).await,
        Command::Agent { command } => agent(command).await,
        Command::CheckSite { files } => check_sites(&files),
    }
}

async fn serve(args: tandem_server::config::ServeArgs) -> anyhow::Result<()> {
    let state = tandem_server::state_from_config(&args).await?;
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("binding {}", args.bind))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    tracing::info!(%addr, "tandem-server listening");
    println!("Tandem is running on http://{addr}/ (Ctrl-C stops it)");
    tandem_server::run(listener, state, shutdown_signal()).await?;
    tracing::info!("tandem-server stopped");
    Ok(())
}

async fn agent(command: AgentCommand) -> anyhow::Result<()> {
    match command {
        AgentCommand::Add {
            db,
            email,
            name,
            password,
            languages,
        } => {
            let store = store::open(&db.database_url()?).await?;
            let hash = password::hash(&password)?;
            store
                .upsert_agent(&store::NewAgent {
                    email: email.clone(),
                    display_name: name,
                    password_hash: hash,
                    languages,
                })
                .await?;
            println!("agent {email} saved");
        }
        AgentCommand::List { db } => {
            let store = store::open(&db.database_url()?).await?;
            for agent in store.list_agents().await? {
                println!(
                    "{}\t{}\t{}",
                    agent.email,
                    agent.display_name,
                    agent.languages.join(",")
                );
            }
        }
        AgentCommand::Remove { db, email } => {
            let store = store::open(&db.database_url()?).await?;
            if store.remove_agent(&email).await? {
                println!("agent {email} removed");
            } else {
                anyhow::bail!("no agent with the email {email}");
            }
        }
    }
    Ok(())
}

fn check_sites(files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    for file in files {
        let site = tandem_server::sites::load_site(file)
            .with_context(|| format!("in {}", file.display()))?;
        let intents = site
            .knowledge_base
            .as_ref()
            .map_or(0, |kb| kb.intents.len());
        println!(
            "{}: site `{}` ({}), {} allowed origin(s), {} intent(s): OK",
            file.display(),
            site.key,
            site.name,
            site.allowed_origins.len(),
            intents
        );
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: no new connections, finishing requests in flight");
}
