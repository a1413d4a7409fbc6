//! A TCP proxy that can cut the line: every connection through it is
//! dropped at once, and new ones are refused, until it is restored. Put
//! between the browser and the server, it is the shopper's phone losing its
//! network in the middle of a conversation.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Whether the line is cut, and how many times it has been (a connection
/// ends when the count moves past the one it started under).
#[derive(Clone, Copy, Default)]
struct Line {
    cuts: u64,
    down: bool,
}

/// The proxy; stops with the test's runtime.
pub(crate) struct FaultProxy {
    addr: SocketAddr,
    line: watch::Sender<Line>,
}

impl FaultProxy {
    /// Listens on a free port and forwards to `target`.
    pub(crate) async fn start(target: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (line, _) = watch::channel(Line::default());
        let sender = line.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut watcher = sender.subscribe();
                let started = *watcher.borrow_and_update();
                if started.down {
                    continue; // dropped: the connection is refused
                }
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = watcher.wait_for(|now| now.cuts != started.cuts) => {}
                    }
                });
            }
        });
        Ok(Self { addr, line })
    }

    /// `http://` address of the proxy.
    pub(crate) fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Drops every connection and refuses new ones.
    pub(crate) fn cut(&self) {
        self.line.send_modify(|line| {
            line.cuts += 1;
            line.down = true;
        });
    }

    /// Lets connections through again.
    pub(crate) fn restore(&self) {
        self.line.send_modify(|line| line.down = false);
    }
}
