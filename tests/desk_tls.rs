//! The desk over HTTPS (`[web] tls_cert`, `tls_key`) on a real socket: the handshake with a
//! generated certificate, the login page served, cookies marked `Secure`; and the `[web]`
//! checks that keep a desk reachable from other machines from speaking plain HTTP.

mod common;

use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config_with(dir: &std::path::Path, web: &str) -> std::path::PathBuf {
    let path = common::config_in(dir, 0.1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("listen = \"127.0.0.1:0\""));
    std::fs::write(&path, text.replace("listen = \"127.0.0.1:0\"", web)).unwrap();
    path
}

#[tokio::test]
async fn the_desk_speaks_https_with_the_configured_certificate_and_secure_cookies() {
    let dir = common::tempdir();
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    std::fs::write(dir.path().join("desk.crt"), cert.cert.pem()).unwrap();
    std::fs::write(dir.path().join("desk.key"), cert.key_pair.serialize_pem()).unwrap();
    let web = "listen = \"127.0.0.1:0\"\ntls_cert = \"desk.crt\"\ntls_key = \"desk.key\"";
    let settings = baocao::config::Settings::load(Some(&config_with(dir.path(), web))).unwrap();
    assert!(settings.web.secure_cookies);
    let listener = baocao::desk::bind(&settings).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let store = baocao::store::Store::open(&settings.database()).unwrap();
    let clock = baocao::daemon::Clock::System;
    let desk = baocao::desk::Desk::new(Arc::new(settings), store, clock, Arc::default()).unwrap();
    let cancel = tokio_util::sync::CancellationToken::new();
    let server = tokio::spawn(baocao::desk::serve(desk, listener, cancel.clone()));

    // A plain-HTTP request to the HTTPS port gets no page.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain
        .write_all(b"GET /login HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut got = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), plain.read_to_end(&mut got)).await;
    assert!(!String::from_utf8_lossy(&got).contains("Tên đăng nhập"));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut tls = connector
        .connect(name, tcp)
        .await
        .expect("TLS handshake with the desk's certificate");
    tls.write_all(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = Vec::new();
    tls.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("Tên đăng nhập"));
    let cookie = response
        .lines()
        .find(|l| l.to_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");

    cancel.cancel();
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[test]
fn a_desk_reachable_from_other_machines_needs_tls_or_a_declared_proxy() {
    let dir = common::tempdir();
    let load = |web: &str| baocao::config::Settings::load(Some(&config_with(dir.path(), web))).map(|s| s.web);
    let err = load("listen = \"0.0.0.0:8080\"").unwrap_err().to_string();
    assert!(
        err.contains("baocao.toml") && err.contains("[web]") && err.contains("tls_cert"),
        "{err}"
    );
    let proxied = load("listen = \"0.0.0.0:8080\"\nbehind_https_proxy = true").unwrap();
    assert!(proxied.secure_cookies);
    let err = load("listen = \"127.0.0.1:0\"\ntls_cert = \"a.crt\"")
        .unwrap_err()
        .to_string();
    assert!(err.contains("go together"), "{err}");
    let err = load("listen = \"127.0.0.1:0\"\nport = 80").unwrap_err().to_string();
    assert!(err.contains("port"), "unknown keys are refused: {err}");
}

#[tokio::test]
async fn a_missing_certificate_or_a_taken_port_stops_the_start_with_the_reason() {
    let dir = common::tempdir();
    let web = "listen = \"127.0.0.1:0\"\ntls_cert = \"none.crt\"\ntls_key = \"none.key\"";
    let settings = baocao::config::Settings::load(Some(&config_with(dir.path(), web))).unwrap();
    let err = baocao::desk::bind(&settings).await.unwrap_err().to_string();
    assert!(err.contains("none.crt"), "{err}");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let web = format!("listen = \"127.0.0.1:{port}\"");
    let settings = baocao::config::Settings::load(Some(&config_with(dir.path(), &web))).unwrap();
    let err = baocao::desk::bind(&settings).await.unwrap_err().to_string();
    assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
}
