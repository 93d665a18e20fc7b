//! A byte-level pass over the raw file that measures how deeply arrays and dictionaries nest,
//! before any parser sees the file.
//!
//! lopdf 0.47 caps its own recursion at 100 levels, but a reader that trusts that cap today
//! breaks the day a parser path without it is used. This pass is linear, allocation-free and
//! cannot recurse, so the nesting limit holds whatever parser runs afterwards. It skips what
//! may legally contain unbalanced brackets: literal strings, hex strings, comments and stream
//! data.

/// The deepest nesting of `[` and `<<` in `bytes`, stopping early once `limit` is exceeded
/// (the returned depth is then `limit + 1`).
pub(super) fn max_nesting(bytes: &[u8], limit: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => i = skip_literal_string(bytes, i + 1),
            b'%' => i = skip_comment(bytes, i + 1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'<' => i = skip_hex_string(bytes, i + 1),
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b's' if starts_stream(bytes, i) => i = skip_stream_data(bytes, i + 6),
            _ => i += 1,
        }
        deepest = deepest.max(depth);
        if deepest > limit {
            return deepest;
        }
    }
    deepest
}

/// Index just past the `)` closing a literal string whose body starts at `i`. Parentheses
/// nest inside literal strings and a backslash escapes the next byte.
fn skip_literal_string(bytes: &[u8], mut i: usize) -> usize {
    let mut open = 1usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Index of the end of line that ends a comment.
fn skip_comment(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| i + p)
}

/// Index just past the `>` closing a hex string.
fn skip_hex_string(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(bytes.len(), |p| i + p + 1)
}

/// Whether the keyword `stream` (not the tail of `endstream`) starts at `i`.
fn starts_stream(bytes: &[u8], i: usize) -> bool {
    let keyword = bytes[i..].starts_with(b"stream");
    let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
    let after_ok = matches!(bytes.get(i + 6), Some(b'\r' | b'\n') | None);
    keyword && before_ok && after_ok
}

/// Index just past the `endstream` that closes the stream data starting at `i`; stream data
/// is binary and may hold any byte sequence, including brackets.
fn skip_stream_data(bytes: &[u8], i: usize) -> usize {
    const END: &[u8] = b"endstream";
    bytes[i..]
        .windows(END.len())
        .position(|w| w == END)
        .map_or(bytes.len(), |p| i + p + END.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_arrays_and_dictionaries() {
        assert_eq!(max_nesting(b"<< /A [1 [2] << /B 3 >>] >>", 64), 3);
    }

    #[test]
    fn ignores_brackets_in_strings_comments_and_streams() {
        let bytes = b"<< /T ([[[\\) (() [[) /H <5B5B> >> % [[[[\nstream\n[[[[<<<<\nendstream";
        assert_eq!(max_nesting(bytes, 64), 1);
    }

    #[test]
    fn stops_early_past_the_limit() {
        let bytes = vec![b'['; 100_000];
        assert_eq!(max_nesting(&bytes, 64), 65);
    }

    #[test]
    fn unbalanced_closers_do_not_underflow() {
        assert_eq!(max_nesting(b"]]>> [ ]", 64), 1);
    }
}
