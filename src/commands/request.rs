//! `baocao request add|list`: ad-hoc reports the province asks for, each a period `YYYY-Rn`
//! with its own deadline, chapters and reminder schedule.

use crate::config::Settings;
use crate::store::{Request, Store};
use anyhow::{Context, bail};
use std::io::Write;

/// Opens a request. `chapters` is `all` or a comma-separated list of codes (or names).
pub fn add(
    settings: &Settings,
    title: &str,
    due: &str,
    chapters: &str,
    before_days: Option<&[i32]>,
    now: jiff::Timestamp,
) -> anyhow::Result<Request> {
    let due: jiff::civil::Date = due
        .parse()
        .with_context(|| format!("--due `{due}` is not a date (YYYY-MM-DD)"))?;
    if title.trim().is_empty() {
        bail!("--title is empty");
    }
    let codes = chapter_codes(settings, chapters, due)?;
    let schedule = before_days.map(|days| crate::track::Schedule {
        before_days: days.to_vec(),
        ..settings.reminders.clone()
    });
    if let Some(s) = &schedule {
        s.check().map_err(anyhow::Error::msg)?;
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let mut store = Store::open(&settings.database())?;
    Ok(store.add_request(title.trim(), due, &codes, schedule.as_ref(), now)?)
}

/// The codes of `list`: `all` is every unit that exists on the due day.
fn chapter_codes(settings: &Settings, list: &str, due: jiff::civil::Date) -> anyhow::Result<Vec<String>> {
    let units = settings.registry.as_of(due);
    if list.trim().eq_ignore_ascii_case("all") {
        return Ok(units.chapters().iter().map(|c| c.code.clone()).collect());
    }
    let mut codes = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let chapter = units
            .get(&item.to_uppercase())
            .or_else(|| units.find(item))
            .with_context(|| format!("--chapters: `{item}` is not a chapter that exists on {due}"))?;
        if !codes.contains(&chapter.code) {
            codes.push(chapter.code.clone());
        }
    }
    if codes.is_empty() {
        bail!("--chapters lists no chapter (use `all` or codes such as VNI,DKH)");
    }
    Ok(codes)
}

/// Prints one request as `request add` and `request list` show it.
pub fn print(request: &Request, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}  due {}  {}  [{}]",
        request.period,
        request.due,
        request.title,
        request.chapters.join(",")
    )
}

/// Prints every request, oldest deadline first.
pub fn list(settings: &Settings, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let requests = if settings.database().is_file() {
        Store::open(&settings.database())?.requests()?
    } else {
        vec![]
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&requests)?)?;
    } else if requests.is_empty() {
        writeln!(out, "no ad-hoc requests")?;
    }
    if !json {
        for r in &requests {
            print(r, out)?;
        }
    }
    Ok(())
}
