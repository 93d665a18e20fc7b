//! `/`: the grid of chapters × the current and recent periods (and the latest ad-hoc
//! requests), each cell the chapter's state in words and colour, linking to its submission.

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::config::Settings;
use crate::model::{Period, PeriodKind};
use crate::owed::{self, Standing, State};
use crate::store::{Store, StoreError};
use axum::extract::State as AxumState;
use axum::response::Response;
use jiff::civil::Date;
use serde_json::{Value, json};

/// Regular periods shown: the current one and the ones before it.
const REGULAR: usize = 4;
/// Ad-hoc requests shown: the latest.
const REQUESTS: usize = 4;

/// The grid.
pub async fn page(AxumState(desk): AxumState<Desk>, page: Page) -> Result<Response, PageError> {
    let today = desk
        .clock
        .now()
        .to_zoned_datetime(desk.settings.timezone.clone())
        .date();
    let settings = desk.settings.clone();
    let context = desk.db.run(move |store| grid(&settings, store, today)).await?;
    page.render(&desk, "grid.html", context).await
}

/// The periods shown on `today`, newest first: the latest requests, then the regular ones.
pub fn periods(store: &Store, today: Date) -> Result<Vec<Period>, StoreError> {
    let mut requests: Vec<Period> = store.requests()?.into_iter().map(|r| r.period).collect();
    requests.reverse();
    requests.truncate(REQUESTS);
    let regular = std::iter::successors(Some(Period::current(today)), |p| Some(before(p))).take(REGULAR);
    Ok(requests.into_iter().chain(regular).collect())
}

fn before(p: &Period) -> Period {
    match p.kind {
        PeriodKind::Annual => Period::half_year(p.year),
        _ => Period::annual(p.year - 1),
    }
}

fn grid(settings: &Settings, store: &Store, today: Date) -> Result<Value, StoreError> {
    let periods = periods(store, today)?;
    let mut columns = Vec::new();
    let mut rows: Vec<(String, String, Vec<Value>)> = settings
        .registry
        .chapters()
        .iter()
        .map(|c| (c.code.clone(), c.name.clone(), Vec::new()))
        .collect();
    for period in &periods {
        let (deadline, standing) = owed::owed(settings, store, period)?;
        let title = store.request(period)?.map(|r| r.title);
        columns.push(column(period, deadline, title, &standing, today));
        // Chapters not asked (an ad-hoc request to some) get an empty cell.
        for (code, _, cells) in rows.iter_mut() {
            let cell = standing.iter().find(|s| &s.code == code).map(|s| cell(settings, s));
            cells.push(cell.unwrap_or(Value::Null));
        }
    }
    let legend: Vec<Value> = State::ALL
        .iter()
        .map(|s| json!({"state": s, "words": s.words()}))
        .collect();
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|(code, name, cells)| json!({"code": code, "name": name, "cells": cells}))
        .collect();
    Ok(json!({"title": "Tình hình gửi báo cáo", "active": "grid", "periods": columns, "rows": rows, "legend": legend}))
}

fn column(period: &Period, deadline: Option<Date>, title: Option<String>, standing: &[Standing], today: Date) -> Value {
    let count = |state: State| standing.iter().filter(|s| s.state() == state).count();
    let received = standing.iter().filter(|s| s.current.is_some()).count();
    json!({
        "code": period.to_string(),
        "label": period.label_vi(),
        "title": title,
        "deadline": deadline.map(|d| d.strftime("%d/%m/%Y").to_string()),
        "passed": deadline.is_some_and(|d| d < today),
        "asked": standing.len(),
        "received": received,
        "counts": State::ALL.iter().map(|&s| json!({"state": s, "words": s.words(), "n": count(s)})).collect::<Vec<_>>(),
    })
}

fn cell(settings: &Settings, s: &Standing) -> Value {
    let state = s.state();
    let shown = s.current.as_ref().or(s.refused.as_ref());
    json!({
        "state": state,
        "words": state.words(),
        "id": shown.map(|r| r.id),
        "received": shown.map(|r| crate::commands::status::local_time(settings, r.received_at)),
        "file": shown.map(|r| r.file_name.clone()),
    })
}
