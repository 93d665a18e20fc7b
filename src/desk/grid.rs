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
use serde::Serialize;
use std::collections::HashMap;

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

/// What `grid.html` shows (the variables listed at its top).
#[derive(Serialize)]
struct Grid {
    title: &'static str,
    active: &'static str,
    periods: Vec<Column>,
    rows: Vec<Row>,
    legend: Vec<Legend>,
    strays: Vec<super::strays::Stray>,
    strays_total: usize,
}

#[derive(Serialize)]
struct Column {
    code: String,
    label: String,
    title: Option<String>,
    deadline: Option<String>,
    passed: bool,
    asked: usize,
    received: usize,
    counts: Vec<Count>,
}

#[derive(Serialize)]
struct Count {
    state: State,
    words: &'static str,
    n: usize,
}

#[derive(Serialize)]
struct Legend {
    state: State,
    words: &'static str,
}

/// One unit's row.
#[derive(Serialize)]
pub(super) struct Row {
    pub(super) code: String,
    name: String,
    /// None: the chapter was not asked (an ad-hoc request to some).
    pub(super) cells: Vec<Option<Cell>>,
    /// The heading of the group of units this row begins, if it does.
    pub(super) heading: Option<super::grid_groups::Heading>,
}

/// One unit's state for one period.
#[derive(Serialize)]
pub(super) struct Cell {
    pub(super) state: State,
    words: &'static str,
    id: Option<i64>,
    received: Option<String>,
    file: Option<String>,
}

fn grid(settings: &Settings, store: &Store, today: Date) -> Result<Grid, StoreError> {
    let periods = periods(store, today)?;
    let mut columns = Vec::new();
    let mut outside = Vec::new();
    let mut rows: Vec<Row> = settings
        .registry
        .chapters()
        .iter()
        .map(|c| Row {
            code: c.code.clone(),
            name: c.name.clone(),
            cells: Vec::new(),
            heading: None,
        })
        .collect();
    for period in &periods {
        let owed = owed::owed(settings, store, period)?;
        let (deadline, standing) = (owed.deadline, owed.standing);
        outside.extend(owed.outside.into_iter().map(|s| (*period, s)));
        let title = store.request(period)?.map(|r| r.title);
        columns.push(column(period, deadline, title, &standing, today));
        let mut by_code: HashMap<&str, &Standing> = standing.iter().map(|s| (s.code.as_str(), s)).collect();
        for row in rows.iter_mut() {
            row.cells
                .push(by_code.remove(row.code.as_str()).map(|s| cell(settings, s)));
        }
    }
    // A unit owing none of the periods shown (a district long merged away) has no row.
    rows.retain(|r| r.cells.iter().any(Option::is_some));
    let rows = super::grid_groups::group(&settings.registry, rows);
    let legend = State::ALL
        .iter()
        .map(|&state| Legend {
            state,
            words: state.words(),
        })
        .collect();
    let (strays, strays_total) = super::strays::strays(settings, store, outside)?;
    Ok(Grid {
        title: "Tình hình gửi báo cáo",
        active: "grid",
        periods: columns,
        rows,
        legend,
        strays,
        strays_total,
    })
}

fn column(
    period: &Period,
    deadline: Option<Date>,
    title: Option<String>,
    standing: &[Standing],
    today: Date,
) -> Column {
    let count = |state: State| standing.iter().filter(|s| s.state() == state).count();
    Column {
        code: period.to_string(),
        label: period.label_vi(),
        title,
        deadline: deadline.map(|d| d.strftime("%d/%m/%Y").to_string()),
        passed: deadline.is_some_and(|d| d < today),
        asked: standing.len(),
        received: standing.iter().filter(|s| s.current.is_some()).count(),
        counts: State::ALL
            .iter()
            .map(|&state| Count {
                state,
                words: state.words(),
                n: count(state),
            })
            .collect(),
    }
}

fn cell(settings: &Settings, s: &Standing) -> Cell {
    let state = s.state();
    let shown = s.current.as_ref().or(s.refused.as_ref());
    Cell {
        state,
        words: state.words(),
        id: shown.map(|r| r.id),
        received: shown.map(|r| crate::commands::status::local_time(settings, r.received_at)),
        file: shown.map(|r| r.file_name.clone()),
    }
}
