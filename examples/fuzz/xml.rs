//! A forgiving XML tokenizer for the mutators: tags, text and element spans as byte ranges.
//!
//! It must accept anything (mutants are fed back as parents, broken or not), so it never
//! fails: unterminated markup simply runs to the end. Real XML parsers are what we test; this
//! only needs to find where elements, attributes and text are.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `<name ...>`
    Start,
    /// `</name>`
    End,
    /// `<name .../>`
    Empty,
    /// Character data between tags.
    Text,
    /// Comments, CDATA, processing instructions, DOCTYPE.
    Other,
}

/// One token: its kind and where it is in the source.
#[derive(Clone, Debug)]
pub struct Token {
    pub kind: Kind,
    pub span: Range<usize>,
}

/// Splits `xml` into tokens covering every byte.
pub fn tokenize(xml: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < xml.len() {
        let (kind, end) = if xml[i] == b'<' {
            markup(xml, i)
        } else {
            let end = find(xml, i, b"<").unwrap_or(xml.len());
            (Kind::Text, end)
        };
        tokens.push(Token { kind, span: i..end });
        i = end;
    }
    tokens
}

/// The kind and end of the markup starting at `i` (which holds `<`).
fn markup(xml: &[u8], i: usize) -> (Kind, usize) {
    let rest = &xml[i..];
    let closing = |pat: &[u8]| find(xml, i, pat).map_or(xml.len(), |at| at + pat.len());
    if rest.starts_with(b"<!--") {
        return (Kind::Other, closing(b"-->"));
    }
    if rest.starts_with(b"<![CDATA[") {
        return (Kind::Other, closing(b"]]>"));
    }
    if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
        return (Kind::Other, closing(b">"));
    }
    let end = tag_end(xml, i);
    let kind = if rest.starts_with(b"</") {
        Kind::End
    } else if xml[..end].ends_with(b"/>") {
        Kind::Empty
    } else {
        Kind::Start
    };
    (kind, end)
}

/// The end of a tag (after `>`), skipping `>` inside quoted attribute values.
fn tag_end(xml: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (offset, &b) in xml[start..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return start + offset + 1,
            _ => {}
        }
    }
    xml.len()
}

/// Position of `pat` in `hay` at or after `from`.
pub fn find(hay: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

/// The tag name of a start, end or empty tag token.
pub fn name<'a>(xml: &'a [u8], token: &Token) -> &'a [u8] {
    let raw = &xml[token.span.clone()];
    let skip = if raw.starts_with(b"</") { 2 } else { 1 };
    let rest = raw.get(skip..).unwrap_or(&[]);
    let len = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(rest.len());
    &rest[..len]
}

/// Token index range of the element starting at token `i` (a start or empty tag), up to
/// its matching end tag; `None` when `i` is not a tag or the element is never closed.
pub fn element(tokens: &[Token], i: usize) -> Option<Range<usize>> {
    match tokens.get(i)?.kind {
        Kind::Empty => return Some(i..i + 1),
        Kind::Start => {}
        _ => return None,
    }
    let mut depth = 0usize;
    for (j, token) in tokens.iter().enumerate().skip(i) {
        match token.kind {
            Kind::Start => depth += 1,
            Kind::End => {
                depth -= 1;
                if depth == 0 {
                    return Some(i..j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Byte range covered by a token index range.
pub fn bytes_of(tokens: &[Token], range: Range<usize>) -> Range<usize> {
    tokens[range.start].span.start..tokens[range.end - 1].span.end
}

/// Byte ranges of the attribute values inside a start or empty tag.
pub fn attribute_values(xml: &[u8], token: &Token) -> Vec<Range<usize>> {
    let mut values = Vec::new();
    let mut i = token.span.start;
    while let Some(eq) = find(&xml[..token.span.end], i, b"=") {
        let open = eq + 1;
        let Some(&quote) = xml.get(open).filter(|q| matches!(q, b'"' | b'\'')) else {
            i = open;
            continue;
        };
        let close = find(&xml[..token.span.end], open + 1, &[quote]).unwrap_or(token.span.end);
        values.push(open + 1..close);
        i = close + 1;
    }
    values
}

/// Indices of the tokens of one kind, so a mutation can pick among them.
pub fn indices(tokens: &[Token], want: impl Fn(Kind) -> bool) -> Vec<usize> {
    (0..tokens.len()).filter(|&i| want(tokens[i].kind)).collect()
}
