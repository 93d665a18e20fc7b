//! The page of the Word documents baocao writes (the blank form, the compiled report): A4 with
//! the margins of Vietnamese administrative documents (Decree 30/2020), in one place so both
//! look like the same office wrote them.

use docx_rs::PageMargin;

/// A4 (width, height) in twentieths of a point.
pub const A4: (u32, u32) = (11906, 16838);

/// Top and bottom 20 mm, left 30 mm (for binding), right 15 mm; header and footer 10 mm.
pub const MARGIN: PageMargin = PageMargin {
    top: 1134,
    left: 1701,
    bottom: 1134,
    right: 850,
    header: 567,
    footer: 567,
    gutter: 0,
};
