//! A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a
//! temporary directory, `pg_ctl start` on a free loopback port, and an
//! immediate stop when the value is dropped. Nothing outside the temporary
//! directory is touched, so tests need no manual setup and leave nothing
//! behind.
//!
//! PostgreSQL refuses to run as root. When the tests run as root (CI
//! containers do), the cluster runs as the `postgres` system user that
//! Debian's package creates, through `runuser`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The superuser the cluster is created with (trust authentication on
/// loopback only).
pub const USER: &str = "tandem";

/// Why a cluster could not start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// `initdb` and `pg_ctl` are neither on `PATH` nor in Debian's place.
    #[error(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found on PATH or in \
         /usr/lib/postgresql/*/bin. Install them: `apt-get install -y postgresql` on \
         Debian or Ubuntu (`cargo xtask setup` does this when run as root)."
    )]
    NotInstalled,
    /// Running as root without a `postgres` user to drop to.
    #[error(
        "PostgreSQL cannot run as root and there is no `postgres` user to run it as; \
         run the tests as an ordinary user or install Debian's postgresql package"
    )]
    NoUnprivilegedUser,
    /// A command could not be run at all.
    #[error("could not run {program}: {source}")]
    Spawn {
        /// Which program.
        program: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A command ran and failed.
    #[error("{program} failed ({status}): {stderr}")]
    Failed {
        /// Which program.
        program: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it said.
        stderr: String,
    },
    /// The temporary directory could not be prepared.
    #[error("preparing the cluster directory: {0}")]
    Io(#[from] std::io::Error),
}

/// A running throwaway cluster; stopped and deleted on drop.
pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<String>,
    port: u16,
}

impl PgCluster {
    /// Creates and starts a cluster on a free loopback port (about one
    /// second). Tuned for tests: no fsync, small shared buffers.
    pub fn start() -> Result<Self, ClusterError> {
        let bin = server_bin_dir().ok_or(ClusterError::NotInstalled)?;
        let run_as = unprivileged_user()?;
        let dir = tempfile::Builder::new().prefix("tandem-pg-").tempdir()?;
        if let Some(user) = &run_as {
            hand_over(dir.path(), user)?;
        }
        let mut cluster = Self {
            dir,
            bin,
            run_as,
            port: 0,
        };
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
        )?;
        // A port picked free can be taken before the server binds it; try a
        // few times rather than fail the test run.
        let mut last_error = None;
        for _ in 0..5 {
            cluster.port = free_port()?;
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                cluster.port,
                path_str(cluster.dir.path()),
            );
            let log = cluster.dir.path().join("server.log");
            match cluster.run(
                "pg_ctl",
                &[
                    "-D",
                    path_str(&data),
                    "-o",
                    &options,
                    "-l",
                    path_str(&log),
                    "-w",
                    "start",
                ],
            ) {
                Ok(_) => return Ok(cluster),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.expect("at least one attempt"))
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A `postgres://` URL for database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates database `name` and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, ClusterError> {
        let port = self.port.to_string();
        self.run(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", USER, name],
        )?;
        Ok(self.url(name))
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<Output, ClusterError> {
        let path = self.bin.join(program);
        let mut command = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        let output = command
            .args(args)
            .output()
            .map_err(|source| ClusterError::Spawn {
                program: program.to_owned(),
                source,
            })?;
        if output.status.success() {
            Ok(output)
        } else {
            let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            if let Ok(log) = std::fs::read_to_string(self.dir.path().join("server.log")) {
                stderr.push_str("\nserver log:\n");
                stderr.push_str(&log);
            }
            Err(ClusterError::Failed {
                program: program.to_owned(),
                status: output.status,
                stderr,
            })
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.port != 0 {
            let data = self.data_dir();
            // Immediate: nothing in a throwaway cluster is worth a checkpoint.
            let _ = self.run(
                "pg_ctl",
                &["-D", path_str(&data), "-m", "immediate", "stop"],
            );
        }
    }
}

/// Where `initdb` and `pg_ctl` live: next to a `pg_ctl` on `PATH` (following
/// Debian's symlinks), or the newest `/usr/lib/postgresql/*/bin`.
fn server_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).find_map(|dir| {
            let pg_ctl = std::fs::canonicalize(dir.join("pg_ctl")).ok()?;
            let bin = pg_ctl.parent()?.to_path_buf();
            bin.join("initdb").is_file().then_some(bin)
        })
    });
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let version = entry.file_name().to_str()?.parse().ok()?;
                let bin = entry.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

/// `Some("postgres")` when running as root, `None` otherwise.
fn unprivileged_user() -> Result<Option<String>, ClusterError> {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|source| ClusterError::Spawn {
            program: "id".to_owned(),
            source,
        })?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Ok(None);
    }
    let exists = Command::new("id")
        .arg("postgres")
        .output()
        .is_ok_and(|o| o.status.success());
    if exists {
        Ok(Some("postgres".to_owned()))
    } else {
        Err(ClusterError::NoUnprivilegedUser)
    }
}

/// Gives `dir` to `user`, so the server can write its files there.
fn hand_over(dir: &Path, user: &str) -> Result<(), ClusterError> {
    let status = Command::new("chown")
        .arg(user)
        .arg(dir)
        .status()
        .map_err(|source| ClusterError::Spawn {
            program: "chown".to_owned(),
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(ClusterError::Failed {
            program: "chown".to_owned(),
            status,
            stderr: String::new(),
        })
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_starts_accepts_a_database_and_stops_on_drop() {
        let cluster = PgCluster::start().expect("start a throwaway cluster");
        let url = cluster.create_database("probe").expect("createdb");
        assert!(url.ends_with("/probe"), "{url}");
        let port = cluster.port();
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
        drop(cluster);
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the server still listens after drop"
        );
    }
}
