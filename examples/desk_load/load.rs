//! The load half: the desk served on a real loopback socket, `sessions` clients each logged in
//! with its own session, alternating the grid and a submission page as fast as answers come.

use super::{percentile, set_cookie};
use axum::body::Bytes;
use axum::http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{Client, connect::HttpConnector};
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

type Http = Client<HttpConnector, Full<Bytes>>;

/// What one client saw.
#[derive(Default)]
struct Seen {
    times: Vec<Duration>,
    errors: Vec<String>,
}

pub async fn under_load(desk: baocao::desk::Desk, submission: i64, sessions: usize, seconds: u64) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cancel = tokio_util::sync::CancellationToken::new();
    let server = tokio::spawn(baocao::desk::serve(desk, listener, cancel.clone()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..sessions)
        .map(|_| tokio::spawn(client(base.clone(), submission, until)))
        .collect();
    let mut all = Seen::default();
    for c in clients {
        let seen = c.await.unwrap();
        all.times.extend(seen.times);
        all.errors.extend(seen.errors);
    }
    cancel.cancel();
    server.await.unwrap().unwrap();
    let n = all.times.len();
    println!(
        "{sessions} sessions × {seconds} s over loopback: {n} requests ({:.0}/s), p50 {:.1} ms, p95 {:.1} ms, \
         p99 {:.1} ms, max {:.1} ms, errors {}",
        n as f64 / seconds as f64,
        percentile(&mut all.times, 50),
        percentile(&mut all.times, 95),
        percentile(&mut all.times, 99),
        all.times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
        all.errors.len()
    );
    for e in all.errors.iter().take(5) {
        println!("  error: {e}");
    }
}

async fn client(base: String, submission: i64, until: Instant) -> Seen {
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let mut seen = Seen::default();
    let cookie = match login(&http, &base).await {
        Ok(c) => c,
        Err(e) => {
            seen.errors.push(format!("login: {e}"));
            return seen;
        }
    };
    let paths = ["/".to_string(), format!("/submissions/{submission}")];
    for path in paths.iter().cycle() {
        if Instant::now() >= until {
            break;
        }
        let t = Instant::now();
        match get(&http, &format!("{base}{path}"), &cookie).await {
            Ok((StatusCode::OK, _)) => seen.times.push(t.elapsed()),
            Ok((status, _)) => seen.errors.push(format!("{path}: {status}")),
            Err(e) => seen.errors.push(format!("{path}: {e}")),
        }
    }
    seen
}

async fn get(http: &Http, url: &str, cookie: &str) -> Result<(StatusCode, String), String> {
    let req = Request::get(url)
        .header(header::COOKIE, cookie)
        .body(Full::new(Bytes::new()))
        .unwrap();
    let res = http.request(req).await.map_err(|e| e.to_string())?;
    let status = res.status();
    let body = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

async fn login(http: &Http, base: &str) -> Result<String, String> {
    let req = Request::get(format!("{base}/login"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let res = http.request(req).await.map_err(|e| e.to_string())?;
    let cookie = set_cookie(res.headers()).ok_or("no session cookie on /login")?;
    let page = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
    let body = super::login_body(&String::from_utf8_lossy(&page));
    let req = Request::post(format!("{base}/login"))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let res = http.request(req).await.map_err(|e| e.to_string())?;
    if res.status() != StatusCode::SEE_OTHER {
        return Err(format!("login answered {}", res.status()));
    }
    set_cookie(res.headers()).ok_or_else(|| "no cookie after login".to_string())
}
