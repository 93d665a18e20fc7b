//! Content-stream mutations: operators and operands of page contents, and self-referencing
//! Form XObjects.
//!
//! Page contents are decoded into operations, edited (operators swapped, operands replaced
//! by extreme numbers, strings or arrays, operations repeated thousands of times) and encoded
//! again, so the text walker, its budgets and the layout see well-formed but hostile streams.

use crate::pdfobj;
use crate::pdftree::{dict_mut, of_type};
use crate::rng::Rng;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

const OPERATORS: &[&str] = &[
    "BT", "ET", "Tf", "Tj", "TJ", "'", "\"", "Td", "TD", "Tm", "T*", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "q", "Q",
    "cm", "re", "m", "l", "c", "h", "S", "f", "n", "W", "Do", "BDC", "EMC", "gs", "rg", "g", "cs", "scn", "d0", "d1",
    "BI", "ID", "EI", "sh",
];

/// A hostile operand: extreme or NaN numbers, long or binary strings, names, big arrays.
fn operand(rng: &mut Rng) -> Object {
    match rng.below(9) {
        0 => Object::Integer(*rng.pick(&[i64::MAX, i64::MIN, -1, 0, 1 << 31])),
        1 => Object::Real(*rng.pick(&[f32::NAN, f32::INFINITY, -1e38, 1e38, 1e-40, 0.0])),
        2 => Object::String(rng.long_text().into_bytes(), StringFormat::Literal),
        3 => Object::String(
            (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
            StringFormat::Hexadecimal,
        ),
        4 => Object::Name(rng.garbage_text().into_bytes()),
        5 => Object::Name(b"F1".to_vec()),
        6 => Object::Array(
            (0..rng.count().min(100_000))
                .map(|i| Object::Integer(i as i64 - 50))
                .collect(),
        ),
        7 => Object::Dictionary(Dictionary::new()),
        _ => Object::Integer(rng.below(2000) as i64 - 1000),
    }
}

/// Edits the operations of one content stream of a page.
pub fn mutate_page_content(doc: &mut Document, rng: &mut Rng) {
    let streams = content_streams(doc);
    let Some(&id) = streams.get(rng.below(streams.len())) else {
        return;
    };
    let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
        return;
    };
    let Ok(mut content) = Content::decode(&stream.content) else {
        // Undecodable (already damaged): plant an operator among the bytes instead.
        let mut bytes = stream.content.clone();
        let at = rng.below(bytes.len() + 1);
        bytes.splice(at..at, format!(" {} ", rng.pick(OPERATORS)).bytes());
        return stream.set_content(bytes);
    };
    for _ in 0..1 + rng.below(3) {
        edit(&mut content.operations, rng);
    }
    if let Ok(bytes) = content.encode() {
        stream.set_content(bytes);
    }
}

/// The content streams referenced by the pages' `/Contents`.
fn content_streams(doc: &Document) -> Vec<ObjectId> {
    let mut out = Vec::new();
    for page in of_type(doc, b"Page") {
        match doc.get_dictionary(page).and_then(|d| d.get(b"Contents")) {
            Ok(Object::Reference(r)) => out.push(*r),
            Ok(Object::Array(items)) => out.extend(items.iter().filter_map(|o| o.as_reference().ok())),
            _ => {}
        }
    }
    out.retain(|id| matches!(doc.objects.get(id), Some(Object::Stream(_))));
    out
}

fn edit(ops: &mut Vec<Operation>, rng: &mut Rng) {
    let len = ops.len();
    let i = rng.below(len);
    match rng.below(8) {
        0 if len > 0 => {
            ops.remove(i);
        }
        1 if len > 0 => {
            // Repeat one operation: a Tj flood, q without Q, BT inside BT.
            let copy = ops[i].clone();
            let weight: usize = copy.operands.iter().map(pdfobj::weight).sum();
            let times = rng.count().min(pdfobj::MAX_WEIGHT / (1 + weight));
            ops.splice(i..i, std::iter::repeat_n(copy, times));
        }
        2 if len > 1 => ops.swap(i, rng.below(len)),
        3 if len > 0 => ops[i].operator = rng.pick(OPERATORS).to_string(),
        4 if len > 0 && !ops[i].operands.is_empty() => {
            let k = rng.below(ops[i].operands.len());
            ops[i].operands[k] = operand(rng);
        }
        5 if len > 0 => {
            let count = *rng.pick(&[0, 1, 7, 50]);
            ops[i].operands = (0..count).map(|_| operand(rng)).collect();
        }
        6 => ops.truncate(rng.below(len + 1)),
        _ => {
            let operands = (0..rng.below(7)).map(|_| operand(rng)).collect();
            ops.insert(
                rng.below(len + 1),
                Operation::new(rng.pick::<&str>(OPERATORS), operands),
            );
        }
    }
}

/// Adds a Form XObject that draws itself (or a chain that fans out), and makes a page draw
/// it: unbounded recursion unless the reader tracks XObject depth or its op budget.
pub fn xobject_recursion(doc: &mut Document, rng: &mut Rng) {
    let pages = of_type(doc, b"Page");
    let Some(&page) = pages.get(rng.below(pages.len())) else {
        return;
    };
    let first = (doc.max_id + 1, 0);
    let depth = 1 + rng.below(12);
    for level in 0..depth as u32 {
        let id = (first.0 + level, 0);
        // The last level points back to the first: a cycle; earlier ones fan out 10 ways.
        let next = if level + 1 == depth as u32 {
            first
        } else {
            (id.0 + 1, 0)
        };
        doc.objects.insert(id, Object::Stream(form(next, level)));
    }
    doc.max_id = first.0 + depth as u32;
    let draw = Stream::new(Dictionary::new(), b"/Xfz Do BT /F1 12 Tf (x) Tj ET".to_vec());
    let draw_id = (doc.max_id + 1, 0);
    doc.max_id += 1;
    doc.objects.insert(draw_id, Object::Stream(draw));
    let mut resources = page_resources(doc, page);
    let mut xobjects = match resources.get(b"XObject") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    xobjects.set("Xfz", Object::Reference(first));
    resources.set("XObject", Object::Dictionary(xobjects));
    let Some(dict) = dict_mut(doc, page) else { return };
    dict.set("Resources", Object::Dictionary(resources));
    let mut contents = match dict.get(b"Contents") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    contents.push(Object::Reference(draw_id));
    dict.set("Contents", Object::Array(contents));
}

/// A copy of the page's own resources (inline or referenced), so its fonts stay usable.
fn page_resources(doc: &Document, page: ObjectId) -> Dictionary {
    match doc.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    }
}

/// A Form XObject drawing `next` ten times, with some text of its own.
fn form(next: ObjectId, level: u32) -> Stream {
    let mut xobjects = Dictionary::new();
    xobjects.set("Xn", Object::Reference(next));
    let mut resources = Dictionary::new();
    resources.set("XObject", Object::Dictionary(xobjects));
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", Object::Array(vec![0.into(), 0.into(), 612.into(), 792.into()]));
    dict.set("Resources", Object::Dictionary(resources));
    let text = format!("BT 10 {level} Td (level {level}) Tj ET {}", "/Xn Do ".repeat(10));
    Stream::new(dict, text.into_bytes())
}
