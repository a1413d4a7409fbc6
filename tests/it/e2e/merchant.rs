//! A merchant's checkout on its own origin: a minimal HTTP server on
//! another port that serves one page embedding Tandem from Tandem's origin,
//! as a real shop would, so the iframe, `postMessage` origin checks and
//! `frame-ancestors` are exercised across origins.

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// The merchant's site; serves until the test's runtime ends.
pub(crate) struct MerchantSite {
    listener: TcpListener,
}

impl MerchantSite {
    /// Binds a free port (before Tandem starts, so its origin can be allowed).
    pub(crate) async fn bind() -> anyhow::Result<Self> {
        Ok(Self {
            listener: TcpListener::bind("127.0.0.1:0").await?,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn origin(&self) -> anyhow::Result<String> {
        Ok(format!("http://{}", self.listener.local_addr()?))
    }

    /// Starts serving the checkout, embedding the loader from `tandem`.
    pub(crate) fn serve(self, tandem: &str) {
        let page = format!(
            r##"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Checkout</h1><p id="total">399,00 kr</p>
<script src="/shop.js"></script>
<script src="{tandem}/widget/embed.js" data-site="demo" data-merchant="Cross Origin Shop" data-position="left" data-color="#aa0011" async></script>
</body></html>"##
        );
        let script = r#"(window.Tandem = window.Tandem || { q: [] }).q.push(["setContext", { order_id: "XO-7" }]);"#;
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = self.listener.accept().await {
                let (page, script) = (page.clone(), script.to_owned());
                tokio::spawn(async move {
                    let mut request = vec![0u8; 4096];
                    let Ok(n) = stream.read(&mut request).await else {
                        return;
                    };
                    let head = String::from_utf8_lossy(&request[..n]);
                    let (kind, body) = if head.starts_with("GET /shop.js") {
                        ("text/javascript", script)
                    } else {
                        ("text/html; charset=utf-8", page)
                    };
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                });
            }
        });
    }
}
