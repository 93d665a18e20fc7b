//! `/submissions/{id}/document`: the report's own tables and paragraphs as baocao read them,
//! each cell a value came from highlighted and labelled with its field — so the staff check a
//! number against the place it was read from, not against a copy of it. The file is read
//! again in the supervised child (as at intake) when the desk runs with one.

use super::Desk;
use super::page::Page;
use super::view::PageError;
use crate::extract::{Document, Limits};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Lines shown at most: a workbook of thousands of rows is cut, the cells read are kept.
const MAX_LINES: usize = 800;

/// `?o=<source>`: the cell to bring into view.
#[derive(Debug, Deserialize)]
pub struct Focus {
    o: Option<String>,
}

/// The document view.
pub async fn page(
    State(desk): State<Desk>,
    page: Page,
    Path(id): Path<i64>,
    Query(focus): Query<Focus>,
) -> Result<Response, PageError> {
    let found = desk
        .db
        .run(move |store| Ok::<_, crate::store::StoreError>(store.by_id(id)?.map(|row| (store.values(row.id), row))))
        .await?;
    let Some((values, row)) = found else {
        return Err(PageError::NotFound(format!("bản báo cáo số {id}")));
    };
    let values = values?;
    let path = std::path::PathBuf::from(if row.moved { &row.stored_path } else { &row.source_path });
    let (settings, sha256) = (desk.settings.clone(), row.sha256.clone());
    let read = tokio::task::spawn_blocking(move || read(&settings, &path, &sha256))
        .await
        .map_err(|e| PageError::Server(e.to_string()))?;
    // Which fields were read from each place.
    let form = desk
        .settings
        .forms
        .iter()
        .find(|f| row.form.as_deref() == Some(f.id.as_str()));
    let mut labels: HashMap<String, Vec<String>> = HashMap::new();
    for (key, _, source) in &values {
        let label = form.and_then(|f| f.field(key)).map_or(key.clone(), |f| f.label.clone());
        if let Some(source) = source {
            labels.entry(source.clone()).or_default().push(label);
        }
    }
    let context = json!({
        "title": format!("Tài liệu gốc: {}", row.file_name),
        "active": "grid",
        "submission": {"id": row.id, "file": row.file_name},
        "focus": focus.o,
        "blocks": read.as_ref().map(|doc| blocks(doc, &labels, focus.o.as_deref())).unwrap_or_default(),
        "cut": read.as_ref().is_ok_and(|d| d.lines.len() > MAX_LINES),
        "error": read.err(),
    });
    page.render(&desk, "document.html", context).await
}

fn read(settings: &crate::config::Settings, path: &std::path::Path, sha256: &str) -> Result<Document, String> {
    let unreadable = |e: &dyn std::fmt::Display| format!("Không đọc lại được tệp gốc: {e}");
    match &settings.isolation {
        Some(isolation) => {
            // A scan is not read again here (a page takes seconds): its OCR answer is kept.
            if let Some(crate::pipeline::ocr::Answer::Read { document, .. }) =
                crate::pipeline::ocr::answer(settings, sha256)
            {
                return Ok(document);
            }
            let stop = std::sync::atomic::AtomicBool::new(false);
            let scans = crate::extract::isolate::Scans::Defer;
            crate::extract::isolate::read_document(path, isolation, scans, &stop)
                .map(|(_, d)| d)
                .map_err(|e| unreadable(&e))
        }
        None => {
            let bytes = std::fs::read(path).map_err(|e| unreadable(&e))?;
            crate::extract::read_document(&bytes, &Limits::default())
                .map(|(_, d)| d)
                .map_err(|e| unreadable(&e))
        }
    }
}

/// The lines grouped as the document groups them: each table or sheet a grid of its columns,
/// the paragraphs and PDF lines between them as text.
fn blocks(doc: &Document, labels: &HashMap<String, Vec<String>>, focus: Option<&str>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut current: Option<(u32, Vec<Value>, u32)> = None;
    let flush = |current: &mut Option<(u32, Vec<Value>, u32)>, out: &mut Vec<Value>| {
        if let Some((block, rows, width)) = current.take() {
            out.push(json!({"table": true, "name": block_name(&rows), "block": block, "rows": rows, "width": width}));
        }
    };
    for line in doc.lines.iter().take(MAX_LINES) {
        let cells: Vec<Value> = line.cells.iter().map(|c| cell(c, labels, focus)).collect();
        match line.block {
            Some(b) => {
                let width = line.cells.iter().map(|c| c.col + 1).max().unwrap_or(0);
                if current.as_ref().is_none_or(|(cb, _, _)| *cb != b) {
                    flush(&mut current, &mut out);
                    current = Some((b, vec![], 0));
                }
                if let Some((_, rows, w)) = current.as_mut() {
                    *w = (*w).max(width);
                    rows.push(json!({"cells": spread(cells, line)}));
                }
            }
            None => {
                flush(&mut current, &mut out);
                out.push(json!({"table": false, "cells": cells}));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A table row's cells placed in their columns, empty cells between them.
fn spread(cells: Vec<Value>, line: &crate::extract::document::Line) -> Vec<Value> {
    let width = line.cells.iter().map(|c| c.col + 1).max().unwrap_or(0) as usize;
    let mut row = vec![Value::Null; width];
    for (cell, c) in cells.into_iter().zip(&line.cells) {
        row[c.col as usize] = cell;
    }
    row
}

fn cell(c: &crate::extract::document::Cell, labels: &HashMap<String, Vec<String>>, focus: Option<&str>) -> Value {
    let at = c.at.to_string();
    let fields = labels.get(&at);
    json!({
        "text": c.text,
        "at": at,
        "anchor": anchor(&at),
        "words": super::submission::source_words(&at),
        "fields": fields,
        "focus": focus == Some(at.as_str()),
    })
}

/// The name of a table or sheet from its first cell's place.
fn block_name(rows: &[Value]) -> String {
    let first = rows
        .iter()
        .flat_map(|r| r["cells"].as_array().into_iter().flatten())
        .find(|c| !c.is_null());
    let at = first.and_then(|c| c["at"].as_str()).unwrap_or("");
    match at.split_once('!') {
        Some((sheet, _)) => format!("Trang tính “{sheet}”"),
        None => at
            .split(" row ")
            .next()
            .map_or(String::new(), super::submission::source_words),
    }
}

/// An HTML id for a place: letters and digits kept, the rest `-`.
pub fn anchor(at: &str) -> String {
    let kept: String = at.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    format!("o-{kept}")
}
