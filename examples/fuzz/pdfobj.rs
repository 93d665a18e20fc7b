//! Generic PDF object mutations: dictionary keys and values, arrays, references, deletions.
//!
//! Values are replaced by hostile objects (extreme or NaN numbers, references to missing
//! objects or to the object itself, huge arrays, wrong types) because the reader trusts
//! nothing but must still walk pages, fonts and resources through them.

use crate::rng::Rng;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// Keys the reader looks up, so added or replaced entries are ones it will follow.
pub const KEYS: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"Kids",
    b"Parent",
    b"Count",
    b"Resources",
    b"Font",
    b"XObject",
    b"Contents",
    b"MediaBox",
    b"Widths",
    b"FirstChar",
    b"LastChar",
    b"Encoding",
    b"Differences",
    b"ToUnicode",
    b"DescendantFonts",
    b"W",
    b"DW",
    b"BaseFont",
    b"FontDescriptor",
    b"Length",
    b"Filter",
    b"DecodeParms",
    b"Root",
    b"Pages",
    b"BBox",
    b"Matrix",
    b"MissingWidth",
];

/// The ids of all objects, for picking targets and reference values.
pub fn ids(doc: &Document) -> Vec<ObjectId> {
    doc.objects.keys().copied().collect()
}

/// A hostile value for a slot in object `own` of a document with objects `ids`.
pub fn hostile(ids: &[ObjectId], own: ObjectId, rng: &mut Rng) -> Object {
    match rng.below(18) {
        0 => Object::Integer(i64::MAX),
        1 => Object::Integer(i64::MIN),
        2 => Object::Integer(-1),
        3 => Object::Integer(0),
        4 => Object::Integer(*rng.pick(&[1 << 31, 1 << 32, 65_536, 1_000_000_000])),
        5 => Object::Real(*rng.pick(&[f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -1e30, 1e38, 1e-40])),
        6 => Object::Name(rng.garbage_text().into_bytes()),
        7 => Object::String(rng.long_text().into_bytes(), StringFormat::Literal),
        8 => Object::Array(Vec::new()),
        9 => Object::Array((0..*rng.pick(&[3, 1000, 100_000])).map(Object::Integer).collect()),
        10 => Object::Dictionary(Dictionary::new()),
        11 => Object::Null,
        12 => Object::Reference((999_999, 0)),
        13 => Object::Reference(own),
        14 | 15 if !ids.is_empty() => Object::Reference(*rng.pick(ids)),
        16 => nested(rng.count().min(200)),
        _ => Object::Boolean(true),
    }
}

/// Most objects one mutation may add (about 100 MB of lopdf objects).
pub const MAX_WEIGHT: usize = 2_000_000;

/// Roughly how many objects `object` holds (strings count one per 16 bytes).
pub fn weight(object: &Object) -> usize {
    match object {
        Object::Array(items) => 1 + items.iter().map(weight).sum::<usize>(),
        Object::Dictionary(dict) => 1 + dict.iter().map(|(_, v)| weight(v)).sum::<usize>(),
        Object::Stream(stream) => 1 + stream.content.len() / 16,
        Object::String(text, _) | Object::Name(text) => 1 + text.len() / 16,
        _ => 1,
    }
}

/// Arrays nested `depth` deep (the reader bounds nesting; lopdf recurses into them).
fn nested(depth: usize) -> Object {
    (0..depth).fold(Object::Integer(1), |inner, _| Object::Array(vec![inner]))
}

/// Edits a random object: one of its entries, one of its elements, or the whole value.
pub fn mutate_object(doc: &mut Document, rng: &mut Rng) {
    let ids = ids(doc);
    if ids.is_empty() {
        return;
    }
    let id = *rng.pick(&ids);
    let value = hostile(&ids, id, rng);
    let Some(object) = doc.objects.get_mut(&id) else {
        return;
    };
    match object {
        Object::Dictionary(dict) => mutate_dict(dict, value, rng),
        Object::Stream(stream) => mutate_dict(&mut stream.dict, value, rng),
        Object::Array(items) => mutate_array(items, value, rng),
        other => *other = value,
    }
}

/// Sets, removes or adds one entry of a dictionary.
pub fn mutate_dict(dict: &mut Dictionary, value: Object, rng: &mut Rng) {
    let keys: Vec<Vec<u8>> = dict.iter().map(|(k, _)| k.clone()).collect();
    match rng.below(6) {
        0 if !keys.is_empty() => {
            let key: &Vec<u8> = rng.pick(&keys);
            dict.remove(key);
        }
        1 => dict.set(rng.pick(KEYS).to_vec(), value),
        2 if !keys.is_empty() => {
            // Recurse into a nested dictionary or array (inline /Resources, /Font, /Kids).
            let key = rng.pick(&keys).clone();
            match dict.get_mut(&key) {
                Ok(Object::Dictionary(inner)) => mutate_dict(inner, value, rng),
                Ok(Object::Array(items)) => mutate_array(items, value, rng),
                Ok(slot) => *slot = value,
                Err(_) => {}
            }
        }
        _ if !keys.is_empty() => dict.set(rng.pick(&keys).clone(), value),
        _ => dict.set(rng.pick(KEYS).to_vec(), value),
    }
}

/// Replaces, removes, duplicates or appends elements, or changes the array's length.
pub fn mutate_array(items: &mut Vec<Object>, value: Object, rng: &mut Rng) {
    let len = items.len();
    match rng.below(6) {
        0 if len > 0 => items[rng.below(len)] = value,
        1 if len > 0 => {
            items.remove(rng.below(len));
        }
        2 if len > 0 => {
            let copy = items[rng.below(len)].clone();
            // Bounded by weight: a 100 000-element array copied 20 000 times is the harness
            // running out of memory, not a test of the reader.
            let times = rng.count().min(MAX_WEIGHT / weight(&copy));
            items.extend(std::iter::repeat_n(copy, times));
        }
        3 => items.truncate(rng.below(len + 1)),
        4 => items.insert(rng.below(len + 1), value),
        _ => items.push(value),
    }
}

/// Points the trailer's entries (`/Root`, `/Size`, `/Info`, `/Encrypt`) somewhere wrong.
pub fn mutate_trailer(doc: &mut Document, rng: &mut Rng) {
    let ids = ids(doc);
    let own = ids.first().copied().unwrap_or((1, 0));
    let value = hostile(&ids, own, rng);
    let key = *rng.pick::<&[u8]>(&[b"Root", b"Size", b"Info", b"Encrypt", b"Prev"]);
    if key == b"Encrypt" && rng.one_in(2) {
        // A plausible security handler, so the encrypted-file refusal path is reached.
        let mut encrypt = Dictionary::new();
        encrypt.set("Filter", Object::Name(b"Standard".to_vec()));
        encrypt.set("V", Object::Integer(rng.below(6) as i64));
        encrypt.set("R", Object::Integer(rng.below(7) as i64));
        doc.trailer.set("Encrypt", Object::Dictionary(encrypt));
        return;
    }
    doc.trailer.set(key.to_vec(), value);
}

/// Removes an object, leaving every reference to it dangling.
pub fn delete_object(doc: &mut Document, rng: &mut Rng) {
    let ids = ids(doc);
    if !ids.is_empty() {
        doc.objects.remove(rng.pick(&ids));
    }
}
