//! Corrupted copies of a sample (bytes overwritten, files cut short) must never panic, even
//! where `read` would catch the panic, and must never hang.

use std::cell::Cell;
use std::panic;
use std::sync::Once;

use crate::extract::limits::Limits;
use crate::extract::pdf::read;

thread_local! {
    /// Panics seen on this thread, caught or not.
    static PANICS: Cell<usize> = const { Cell::new(0) };
}

/// Counts panics per thread (other tests' threads count their own), then reports as usual.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            PANICS.with(|p| p.set(p.get() + 1));
            previous(info);
        }));
    });
}

/// The sample with its streams decompressed, so corruption hits operators and
/// dictionaries rather than only making a Flate stream unreadable.
fn plain_sample() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/samples/bao-cao-bfb46e11.pdf");
    let mut doc = lopdf::Document::load(path).expect("sample loads");
    doc.decompress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    bytes
}

struct Noise(u64);

impl Noise {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn corrupted_samples_never_panic() {
    count_panics();
    let original = plain_sample();
    let mut noise = Noise(0x2545_F491_4F6C_DD1D);
    let junk: &[&[u8]] = &[
        b"[[[[",
        b"<<",
        b">>",
        b"0 0 R",
        b"(",
        b"999999999",
        b"-1",
        b"Tj",
        b"\xff\xfe",
    ];
    for _ in 0..120 {
        let mut bytes = original.clone();
        for _ in 0..1 + noise.next() % 4 {
            let at = noise.next() % bytes.len();
            let piece = junk[noise.next() % junk.len()];
            let end = (at + piece.len()).min(bytes.len());
            bytes[at..end].copy_from_slice(&piece[..end - at]);
        }
        if noise.next() & 3 == 0 {
            bytes.truncate(noise.next() % bytes.len());
        }
        let _ = read(&bytes, &Limits::default());
    }
    assert_eq!(PANICS.with(Cell::get), 0, "a corrupted file made the reader panic");
}
