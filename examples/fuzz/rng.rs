//! The fuzzer's only source of randomness, and the hostile values mutations plant.
//!
//! A xorshift64* generator seeded from `--seed`: the same seed and seeds directory replay
//! the same sequence of mutants, so a run (and any finding) can be reproduced exactly.

/// Xorshift64* pseudo-random generator.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (zero is remapped: xorshift never leaves the zero state).
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0, so callers need not special-case empty inputs).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    /// True once in `n` calls on average.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A repeat count biased to small values but sometimes large, to reach limits.
    pub fn count(&mut self) -> usize {
        *self.pick(&[1, 1, 2, 3, 8, 64, 1000, 20_000])
    }

    /// A hostile number or reference, as text (for XML attributes and cell values).
    pub fn number_text(&mut self) -> String {
        const NUMBERS: &[&str] = &[
            "0",
            "-1",
            "-0",
            "1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "4294967295",
            "4294967296",
            "18446744073709551616",
            "99999999999999999999999999",
            "1e308",
            "-1e308",
            "1e-320",
            "NaN",
            "inf",
            "-inf",
            "0x10",
            "1048576",
            "1048577",
            "16384",
            "16385",
            "65535",
            "65536",
            "1.5",
            "007",
            "1.250",
            "1,5",
            " 5 ",
            "+3",
            "--1",
            "9e9999",
        ];
        self.pick(NUMBERS).to_string()
    }

    /// A hostile attribute value: a number, a cell reference, an odd or very long string.
    pub fn value_text(&mut self) -> String {
        const REFS: &[&str] = &[
            "A0",
            "A1048577",
            "XFD1048576",
            "XFE1",
            "ZZZZZZZ1",
            "A-1",
            "$A$1",
            "A1:XFD1048576",
            "B2:A1",
            ":",
            "",
            "\u{1F600}",
            "&#0;",
            "&#xFFFE;",
            "rId999",
            "rId1",
            "#REF!",
            "Đơn vị báo cáo",
            "true",
            "string",
            "s",
            "n",
            "inlineStr",
            "e",
            "d",
            "b",
        ];
        match self.below(4) {
            0 => self.number_text(),
            1 => self.pick(REFS).to_string(),
            2 => self.long_text(),
            _ => self.garbage_text(),
        }
    }

    /// A very long string, to probe quadratic behaviour and length fields.
    pub fn long_text(&mut self) -> String {
        let unit = *self.pick(&["A", "9", "Đơn vị ", "&amp;", " ", "1.250 "]);
        unit.repeat(*self.pick(&[300, 10_000, 200_000]))
    }

    /// A short run of random printable or non-ASCII characters.
    pub fn garbage_text(&mut self) -> String {
        let len = 1 + self.below(24);
        (0..len)
            .map(|_| match self.below(4) {
                0 => char::from(b' ' + self.below(95) as u8),
                1 => char::from_u32(0x80 + self.below(0x2000) as u32).unwrap_or('?'),
                2 => *self.pick(&['<', '>', '&', '"', '\'', ';']),
                _ => char::from(b'0' + self.below(10) as u8),
            })
            .collect()
    }

    /// A hostile 32-bit value for binary length, offset and count fields.
    pub fn u32_value(&mut self, current: u32) -> u32 {
        match self.below(8) {
            0 => 0,
            1 => u32::MAX,
            2 => 0x7FFF_FFFF,
            3 => 0x8000_0000,
            4 => current.wrapping_add(1),
            5 => current.wrapping_sub(1),
            6 => current.wrapping_mul(2).wrapping_add(self.below(16) as u32),
            _ => self.next() as u32,
        }
    }

    /// A hostile 16-bit value (BIFF record fields, zip header fields).
    pub fn u16_value(&mut self, current: u16) -> u16 {
        match self.below(7) {
            0 => 0,
            1 => u16::MAX,
            2 => 0x7FFF,
            3 => 0x8000,
            4 => current.wrapping_add(1),
            5 => current.wrapping_sub(1),
            _ => self.next() as u16,
        }
    }
}
