//! HTTPS for the desk (`[web] tls_cert`, `tls_key`): rustls with the ring provider, as the
//! mail sender uses. Handshakes run in their own tasks with a time limit, so a client that
//! stalls mid-handshake holds up nobody else.

use super::DeskError;
use axum::Router;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;
use tokio_util::sync::CancellationToken;

/// A handshake slower than this is dropped.
const HANDSHAKE: std::time::Duration = std::time::Duration::from_secs(10);

/// The server configuration from PEM files (certificate chain, private key).
pub fn config((cert, key): &(PathBuf, PathBuf)) -> Result<Arc<rustls::ServerConfig>, DeskError> {
    let setup = |path: &PathBuf, e: &dyn std::fmt::Display| DeskError::Setup(format!("{}: {e}", path.display()));
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect())
        .map_err(|e| setup(cert, &e))?;
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| setup(key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(chain, private))
        .map_err(|e| setup(cert, &e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Serves `app` over TLS on `listener` until `cancel`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    files: &(PathBuf, PathBuf),
    cancel: CancellationToken,
) -> Result<(), DeskError> {
    let acceptor = TlsAcceptor::from(config(files)?);
    let local = listener.local_addr().map_err(DeskError::Serve)?;
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let accepting = accept_loop(listener, acceptor, tx, cancel.clone());
    let tls = TlsListener { rx, local };
    let serving = axum::serve(tls, app).with_graceful_shutdown(cancel.cancelled_owned());
    let ((), served) = tokio::join!(accepting, serving);
    served.map_err(DeskError::Serve)
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    tx: tokio::sync::mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
    cancel: CancellationToken,
) {
    loop {
        let accepted = tokio::select! {
            () = cancel.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let (tcp, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                tracing::warn!(error = %e, "web desk: accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let (acceptor, tx) = (acceptor.clone(), tx.clone());
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE, acceptor.accept(tcp)).await {
                Ok(Ok(stream)) => drop(tx.send((stream, peer)).await),
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "web desk: TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "web desk: TLS handshake timed out"),
            }
        });
    }
}

/// Connections whose handshake is done, for axum.
struct TlsListener {
    rx: tokio::sync::mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(pair) => pair,
            // The accept loop ended (shutdown): wait for the graceful shutdown to finish.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}
