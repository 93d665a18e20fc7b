//! `[web]` in `baocao.toml`: where the review desk listens and how its sessions behave.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

/// `[web]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// Whether `baocao run` serves the desk.
    pub enabled: bool,
    /// Address and port; loopback by default, so only this machine (or a reverse proxy on it)
    /// reaches the desk.
    pub listen: SocketAddr,
    /// PEM certificate chain and key: the desk then speaks HTTPS itself (needed to listen
    /// beyond loopback without a reverse proxy).
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// A session unused this long is logged out.
    pub idle_minutes: i64,
    /// Set when a reverse proxy terminates HTTPS in front of the desk: cookies are then
    /// marked `Secure` although the desk itself speaks plain HTTP on loopback.
    pub behind_https_proxy: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            enabled: true,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            tls_cert: None,
            tls_key: None,
            idle_minutes: 120,
            behind_https_proxy: false,
        }
    }
}

/// `[web]` checked, with paths resolved.
#[derive(Debug, Clone)]
pub struct WebSettings {
    pub enabled: bool,
    pub listen: SocketAddr,
    /// (certificate chain, key), both PEM files.
    pub tls: Option<(PathBuf, PathBuf)>,
    pub idle: time::Duration,
    /// Whether cookies are `Secure` (TLS here or at the proxy).
    pub secure_cookies: bool,
}

impl WebConfig {
    /// Checks the table; relative paths are relative to `base`. A non-loopback address
    /// needs TLS or a declared proxy: the desk carries passwords and the province's figures.
    pub fn resolve(self, base: &std::path::Path) -> Result<WebSettings, String> {
        let tls = match (self.tls_cert, self.tls_key) {
            (Some(c), Some(k)) => Some((base.join(c), base.join(k))),
            (None, None) => None,
            _ => return Err("[web] `tls_cert` and `tls_key` go together".into()),
        };
        if !self.listen.ip().is_loopback() && tls.is_none() && !self.behind_https_proxy {
            return Err(format!(
                "[web] `listen = \"{}\"` is reachable from other machines: set `tls_cert` and `tls_key`, \
                 or put the desk behind an HTTPS reverse proxy and set `behind_https_proxy = true`",
                self.listen
            ));
        }
        if !(5..=24 * 60).contains(&self.idle_minutes) {
            return Err("[web] `idle_minutes` must be between 5 and 1440".into());
        }
        Ok(WebSettings {
            enabled: self.enabled,
            listen: self.listen,
            secure_cookies: tls.is_some() || self.behind_https_proxy,
            tls,
            idle: time::Duration::minutes(self.idle_minutes),
        })
    }
}
