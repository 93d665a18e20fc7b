//! PDF mutations aimed at fonts and the page tree, where the reader follows the most
//! references: `/Widths` and `/FirstChar`, encodings, ToUnicode CMaps, CID `/W` arrays,
//! `/Kids` loops, `/Count`, `/Parent` and `/Contents`.
//!
//! Pages and fonts are found by their `/Type` rather than through lopdf's page walk, so a
//! parent whose tree is already broken can still be mutated further.

use crate::pdfobj::{self, hostile, ids};
use crate::rng::Rng;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// Ids of the dictionaries (or stream dictionaries) whose `/Type` is `kind`.
pub fn of_type(doc: &Document, kind: &[u8]) -> Vec<ObjectId> {
    let is = |dict: &Dictionary| matches!(dict.get(b"Type"), Ok(Object::Name(n)) if n == kind);
    doc.objects
        .iter()
        .filter(|(_, o)| match o {
            Object::Dictionary(d) => is(d),
            Object::Stream(s) => is(&s.dict),
            _ => false,
        })
        .map(|(id, _)| *id)
        .collect()
}

/// The dictionary of object `id`, plain or of a stream.
pub fn dict_mut(doc: &mut Document, id: ObjectId) -> Option<&mut Dictionary> {
    match doc.objects.get_mut(&id)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&mut s.dict),
        _ => None,
    }
}

/// CMap fragments with inverted, huge or malformed ranges.
const CMAP_JUNK: &[&str] = &[
    "\nbeginbfrange\n<0000> <FFFF> <0041>\nendbfrange\n",
    "\nbeginbfrange\n<FFFF> <0000> <0041>\nendbfrange\n",
    "\nbeginbfrange\n<0000> <FFFF> [<0041>]\nendbfrange\n",
    "\nbeginbfchar\n<00> <D800DC00DFFF>\nendbfchar\n",
    "\n1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n",
    "\nbeginbfchar\n<> <>\nendbfchar\n",
    "\n99999999 beginbfchar\n",
    "\nbegincidrange\n<0000> <FFFF> 4294967295\nendcidrange\n",
];

/// Edits one font dictionary (or the CMap stream it points to).
pub fn mutate_font(doc: &mut Document, rng: &mut Rng) {
    let fonts = of_type(doc, b"Font");
    if fonts.is_empty() {
        return pdfobj::mutate_object(doc, rng);
    }
    let ids = ids(doc);
    let id = *rng.pick(&fonts);
    let value = hostile(&ids, id, rng);
    let choice = rng.below(8);
    if choice == 0 && mutate_cmap(doc, id, rng) {
        return;
    }
    let Some(font) = dict_mut(doc, id) else { return };
    match choice {
        1 => font.set(
            "FirstChar",
            Object::Integer(*rng.pick(&[-1, 0, 255, 65_535, 1 << 40, i64::MAX])),
        ),
        2 => font.set("LastChar", value),
        3 => match font.get_mut(b"Widths") {
            Ok(Object::Array(items)) => pdfobj::mutate_array(items, value, rng),
            _ => font.set("Widths", value),
        },
        4 => {
            let mut encoding = Dictionary::new();
            let junk = vec![
                Object::Integer(-5),
                Object::Name(b"A".to_vec()),
                Object::Integer(i64::MAX),
                value,
            ];
            encoding.set("Differences", Object::Array(junk));
            font.set("Encoding", Object::Dictionary(encoding));
        }
        5 => {
            // A CID width array whose range covers every code, or a descendant loop.
            let w = vec![Object::Integer(0), Object::Integer(4_294_967_295), Object::Integer(500)];
            font.set("W", Object::Array(w));
            font.set("DescendantFonts", Object::Array(vec![Object::Reference(id)]));
        }
        6 => {
            let subtype = *rng.pick(&[&b"Type0"[..], b"Type1", b"TrueType", b"Type3", b"CIDFontType2", b"X"]);
            font.set("Subtype", Object::Name(subtype.to_vec()));
        }
        _ => pdfobj::mutate_dict(font, value, rng),
    }
}

/// Plants CMap junk in the font's ToUnicode stream; false when it has none.
fn mutate_cmap(doc: &mut Document, font: ObjectId, rng: &mut Rng) -> bool {
    let target = match dict_mut(doc, font).map(|f| f.get(b"ToUnicode").cloned()) {
        Some(Ok(Object::Reference(r))) => r,
        _ => return false,
    };
    let Some(Object::Stream(stream)) = doc.objects.get_mut(&target) else {
        return false;
    };
    let mut content = stream.content.clone();
    let at = rng.below(content.len() + 1);
    content.splice(at..at, rng.pick(CMAP_JUNK).bytes());
    stream.set_content(content);
    true
}

/// Edits the page tree: loops in `/Kids`, wrong counts and parents, odd `/Contents`.
pub fn mutate_page_tree(doc: &mut Document, rng: &mut Rng) {
    let nodes = of_type(doc, b"Pages");
    let pages = of_type(doc, b"Page");
    let ids = ids(doc);
    if nodes.is_empty() || pages.is_empty() {
        return pdfobj::mutate_object(doc, rng);
    }
    let (node, page) = (*rng.pick(&nodes), *rng.pick(&pages));
    let value = hostile(&ids, page, rng);
    let choice = rng.below(6);
    let target = if choice < 2 { node } else { page };
    let Some(dict) = dict_mut(doc, target) else { return };
    match choice {
        0 => {
            // A node listing itself (a cycle) or a page twice (repeats without a cycle).
            let extra = if rng.one_in(2) { node } else { page };
            if let Ok(Object::Array(kids)) = dict.get_mut(b"Kids") {
                kids.push(Object::Reference(extra));
            }
        }
        1 => dict.set("Count", Object::Integer(*rng.pick(&[-1, 0, 1 << 31, i64::MAX]))),
        2 => dict.set("Parent", Object::Reference(*rng.pick(&[page, node]))),
        3 => {
            // A page pretending to be a node whose only kid is itself.
            dict.set("Type", Object::Name(b"Pages".to_vec()));
            dict.set("Kids", Object::Array(vec![Object::Reference(page)]));
        }
        4 => {
            let contents = dict.get(b"Contents").cloned().unwrap_or(Object::Null);
            let junk = Object::String(b"BT (x) Tj ET".to_vec(), StringFormat::Literal);
            let list = vec![
                contents.clone(),
                contents,
                Object::Reference((999_999, 0)),
                Object::Reference(page),
                junk,
            ];
            dict.set("Contents", Object::Array(list));
        }
        _ => {
            let key = *rng.pick(&[&b"Resources"[..], b"MediaBox", b"Contents", b"Rotate", b"CropBox"]);
            dict.set(key.to_vec(), value);
        }
    }
}
