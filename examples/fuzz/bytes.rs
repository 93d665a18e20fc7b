//! Structure-blind byte mutations, the fallback and the "noise" layer on top of the
//! structure-aware mutators.
//!
//! Structured mutants stay well-formed enough to reach deep code; these catch the checks that
//! only trip when the container itself is off by a byte (lengths, offsets, magic numbers).

use crate::rng::Rng;

/// Tokens that mean something to one of the parsers, planted over existing bytes.
const TOKENS: &[&[u8]] = &[
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"<<",
    b">>",
    b"[[[[",
    b"0 0 R",
    b"999999999",
    b"-1",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"xref",
    b"trailer",
    b"<w:p>",
    b"</",
    b"<![CDATA[",
    b"&#0;",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\xfd\x00",
    b"\x09\x08",
    b"\xff\xfe",
];

/// Applies one to a few byte-level edits; `donor` supplies bytes for splicing.
pub fn mutate(input: &[u8], donor: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        edit(&mut out, donor, rng);
    }
    if out.is_empty() {
        out.push(0);
    }
    out
}

fn edit(out: &mut Vec<u8>, donor: &[u8], rng: &mut Rng) {
    if out.is_empty() {
        out.extend_from_slice(rng.pick::<&[u8]>(TOKENS));
        return;
    }
    let at = rng.below(out.len());
    match rng.below(8) {
        0 => out[at] ^= 1 << rng.below(8),
        1 => out[at] = *rng.pick(&[0u8, 0xFF, 0x7F, 0x80, b'0', b'9', b'<', b'/']),
        2 => overwrite(out, at, rng.pick::<&[u8]>(TOKENS)),
        3 => {
            let token = *rng.pick(TOKENS);
            out.splice(at..at, token.iter().copied());
        }
        4 => {
            let end = (at + 1 + rng.below(256)).min(out.len());
            out.drain(at..end);
        }
        5 => {
            // Duplicate a chunk in place: repeated records and objects.
            let end = (at + 1 + rng.below(512)).min(out.len());
            let chunk = out[at..end].to_vec();
            out.splice(at..at, chunk);
        }
        6 => out.truncate(at),
        _ => splice(out, at, donor, rng),
    }
}

/// Overwrites bytes at `at` with `token`, clipped to the buffer.
pub fn overwrite(out: &mut [u8], at: usize, token: &[u8]) {
    let end = (at + token.len()).min(out.len());
    out[at..end].copy_from_slice(&token[..end - at]);
}

/// Replaces a chunk of `out` with a chunk of another input of the same format.
fn splice(out: &mut Vec<u8>, at: usize, donor: &[u8], rng: &mut Rng) {
    if donor.is_empty() {
        return;
    }
    let from = rng.below(donor.len());
    let len = 1 + rng.below(4096.min(donor.len() - from));
    let end = (at + rng.below(4096)).min(out.len());
    out.splice(at..end, donor[from..from + len].iter().copied());
}
