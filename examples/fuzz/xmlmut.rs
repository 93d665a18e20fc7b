//! Element-, attribute- and text-level mutations of one XML part (docx/xlsx/ods parts).
//!
//! Each operation rewrites the byte ranges found by [`crate::xml`], so the rest of the part
//! stays intact and the mutant still reaches the reader's logic instead of dying in the XML
//! parser. An operation that does not apply (no attributes, no text) yields `None` and
//! another is drawn.

use crate::rng::Rng;
use crate::xml::{self, Kind, Token};

/// Mutates `xml` once; `donor` is the same part from another corpus entry, if any.
pub fn mutate(xml: &[u8], donor: Option<&[u8]>, rng: &mut Rng) -> Vec<u8> {
    let tokens = xml::tokenize(xml);
    for _ in 0..8 {
        let ctx = Ctx { xml, tokens: &tokens };
        let result = match rng.below(16) {
            0 | 1 => ctx.delete_element(rng),
            2 | 3 => ctx.duplicate_element(rng),
            4 => ctx.swap_elements(rng),
            5 => ctx.nest_element(rng),
            6..=8 => ctx.attribute_value(rng),
            9 => ctx.drop_end_tag(rng),
            10 => {
                let junk = markup_junk(rng);
                ctx.insert_at_text(rng, junk)
            }
            11 => ctx.replace_text(rng),
            12 => ctx.rename_tag(rng),
            13 => ctx.duplicate_attribute(rng),
            14 => donor.and_then(|d| ctx.transplant(d, rng)),
            _ => Some(ctx.truncate(rng)),
        };
        if let Some(out) = result {
            return out;
        }
    }
    let mut out = xml.to_vec();
    out.extend_from_slice(markup_junk(rng).as_bytes());
    out
}

/// Markup planted at a text position: entities, CDATA, deep nesting, a DTD, bad bytes.
fn markup_junk(rng: &mut Rng) -> String {
    let depth = rng.count();
    match rng.below(9) {
        0 => rng
            .pick(&["&lt;", "&#0;", "&#x110000;", "&undefined;", "&#99999999;", "&amp"])
            .to_string(),
        1 => format!("<![CDATA[{}]]>", rng.value_text()),
        2 => "<![CDATA[unterminated".into(),
        3 => format!(
            "{}{}",
            "<w:p><w:r><w:t>".repeat(depth),
            "</w:t></w:r></w:p>".repeat(depth)
        ),
        4 => "<a>".repeat(depth),
        5 => "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>".into(),
        6 => "\u{FEFF}\u{FFFE}\u{0}".into(),
        7 => "<?xml version=\"1.0\" encoding=\"UTF-16\"?>".into(),
        _ => rng.value_text(),
    }
}

struct Ctx<'a> {
    xml: &'a [u8],
    tokens: &'a [Token],
}

impl Ctx<'_> {
    /// A random element (token range), preferring ones that close properly.
    fn pick_element(&self, rng: &mut Rng) -> Option<std::ops::Range<usize>> {
        let tags = xml::indices(self.tokens, |k| matches!(k, Kind::Start | Kind::Empty));
        (0..4).find_map(|_| {
            let &i = tags.get(rng.below(tags.len()))?;
            xml::element(self.tokens, i)
        })
    }

    /// The source with `range` replaced by `with`.
    fn replace(&self, range: std::ops::Range<usize>, with: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.xml.len() + with.len());
        out.extend_from_slice(&self.xml[..range.start]);
        out.extend_from_slice(with);
        out.extend_from_slice(&self.xml[range.end..]);
        out
    }

    fn delete_element(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let el = self.pick_element(rng)?;
        Some(self.replace(xml::bytes_of(self.tokens, el), b""))
    }

    fn duplicate_element(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let span = xml::bytes_of(self.tokens, self.pick_element(rng)?);
        // Cap the copy at 16 MiB: a large element repeated 20 000 times would otherwise make
        // every execution slow (the readers' own 64 MiB part limit is tested by zip bombs).
        let times = rng.count().min((16usize << 20) / span.len().max(1));
        let copy = self.xml[span.clone()].repeat(times + 1);
        Some(self.replace(span, &copy))
    }

    fn swap_elements(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let a = xml::bytes_of(self.tokens, self.pick_element(rng)?);
        let b = xml::bytes_of(self.tokens, self.pick_element(rng)?);
        let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
        if first.end > second.start {
            return None; // nested: swapping would duplicate text, not move it
        }
        let x = self.xml;
        Some(
            [
                &x[..first.start],
                &x[second.clone()],
                &x[first.end..second.start],
                &x[first],
                &x[second.end..],
            ]
            .concat(),
        )
    }

    /// Wraps an element in copies of its own tag: deep nesting of a known element.
    fn nest_element(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let el = self.pick_element(rng)?;
        let start = &self.tokens[el.start];
        let name = xml::name(self.xml, start);
        let depth = rng.count();
        let open = [b"<", name, b">"].concat().repeat(depth);
        let close = [b"</", name, b">"].concat().repeat(depth);
        let span = xml::bytes_of(self.tokens, el);
        let inner = [&open[..], &self.xml[span.clone()], &close[..]].concat();
        Some(self.replace(span, &inner))
    }

    fn attribute_value(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let tags = xml::indices(self.tokens, |k| matches!(k, Kind::Start | Kind::Empty));
        let token = &self.tokens[*tags.get(rng.below(tags.len()))?];
        let values = xml::attribute_values(self.xml, token);
        let range = values.get(rng.below(values.len()))?.clone();
        Some(self.replace(range, rng.value_text().as_bytes()))
    }

    fn drop_end_tag(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let ends = xml::indices(self.tokens, |k| k == Kind::End);
        let &i = ends.get(rng.below(ends.len()))?;
        Some(self.replace(self.tokens[i].span.clone(), b""))
    }

    fn insert_at_text(&self, rng: &mut Rng, junk: String) -> Option<Vec<u8>> {
        let texts = xml::indices(self.tokens, |k| k == Kind::Text);
        let at = match texts.get(rng.below(texts.len())) {
            Some(&i) => self.tokens[i].span.start,
            None => rng.below(self.xml.len() + 1),
        };
        Some(self.replace(at..at, junk.as_bytes()))
    }

    /// Replaces a text node: where the readers take numbers, labels and shared-string indices.
    fn replace_text(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let texts = xml::indices(self.tokens, |k| k == Kind::Text);
        let &i = texts.get(rng.below(texts.len()))?;
        let text = if rng.one_in(2) {
            rng.number_text()
        } else {
            rng.value_text()
        };
        Some(self.replace(self.tokens[i].span.clone(), text.as_bytes()))
    }

    /// Renames a start tag to another tag name of the document (a cell becomes a row...).
    fn rename_tag(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let tags = xml::indices(self.tokens, |k| matches!(k, Kind::Start | Kind::Empty));
        let target = &self.tokens[*tags.get(rng.below(tags.len()))?];
        let other = xml::name(self.xml, &self.tokens[*rng.pick(&tags)]);
        let start = target.span.start + 1;
        let old = xml::name(self.xml, target).len();
        Some(self.replace(start..start + old, other))
    }

    fn duplicate_attribute(&self, rng: &mut Rng) -> Option<Vec<u8>> {
        let tags = xml::indices(self.tokens, |k| matches!(k, Kind::Start | Kind::Empty));
        let token = &self.tokens[*tags.get(rng.below(tags.len()))?];
        let value = xml::attribute_values(self.xml, token).first()?.clone();
        // The attribute runs from after the tag name to the closing quote of its value.
        let name_end = token.span.start + 1 + xml::name(self.xml, token).len();
        let attr = self.xml[name_end..(value.end + 1).min(token.span.end)].to_vec();
        Some(self.replace(name_end..name_end, &attr))
    }

    /// Copies an element of the same part of another document into this one.
    fn transplant(&self, donor: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
        let donor_tokens = xml::tokenize(donor);
        let other = Ctx {
            xml: donor,
            tokens: &donor_tokens,
        };
        let piece = &donor[xml::bytes_of(&donor_tokens, other.pick_element(rng)?)];
        let at = xml::bytes_of(self.tokens, self.pick_element(rng)?).end;
        Some(self.replace(at..at, piece))
    }

    fn truncate(&self, rng: &mut Rng) -> Vec<u8> {
        self.xml[..rng.below(self.xml.len() + 1)].to_vec()
    }
}
