//! Walks a page's content stream, tracking the graphics and text state, and collects the
//! glyph runs it shows with their place on the page.
//!
//! lopdf's `extract_text` loses positions, which the layout step needs to tell table columns
//! and wrapped lines apart, hence this walker. It reads operators one at a time and stops at
//! the first syntax error (what was read so far is kept), bounds the number of operators and
//! the bytes it decompresses, and enters Form XObjects a few levels deep without ever
//! entering one that is already open (a form drawing itself).

use lopdf::content::{Content, Operation};
use lopdf::{DecompressError, Document, Error, Object, ObjectId};

use super::fonts::FontCache;
use super::paths::{Paths, Rule};
use super::resources::Resources;
use super::text::{self, Matrix, Piece, Run, Sink, TextParams};
use crate::extract::error::Refusal;

/// Deepest nesting of Form XObjects followed; forms inside forms inside forms are rare.
const MAX_FORM_DEPTH: usize = 8;
/// Deepest `q` nesting kept; deeper saves are counted but not stored.
const MAX_SAVED_STATES: usize = 256;
/// Most bytes of text one page may show; a dense A4 page holds about 10 KB.
const MAX_PAGE_TEXT: usize = 1 << 18;

/// What one page may cost.
pub(super) struct Budget {
    /// Content operators still allowed (forms included).
    pub ops_left: usize,
    /// Bytes of form content still allowed to be decompressed.
    pub bytes_left: usize,
}

/// The parts of the graphics state that place text.
#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    params: TextParams,
    leading: f32,
    font: Option<usize>,
    /// Text rendering mode 3 or 7 (`Tr`): drawn nowhere. A scanner's "searchable PDF" lays
    /// its own OCR under the page image so; that text is no one's reading of the figures,
    /// so it is not read — such a page is a scan, read by baocao's OCR, every value weighed.
    invisible: bool,
}

/// Walks the content of one page.
pub(super) struct Walker<'a, 'c> {
    doc: &'a Document,
    fonts: &'c mut FontCache<'a>,
    budget: Budget,
    /// Decompression limit for a font's CMap.
    font_limit: usize,
    gs: GraphicsState,
    saved: Vec<GraphicsState>,
    /// `q` operators beyond [`MAX_SAVED_STATES`] not yet matched by `Q`.
    unsaved: usize,
    tm: Matrix,
    tlm: Matrix,
    /// Forms being drawn, outermost first.
    forms: Vec<ObjectId>,
    runs: Vec<Run>,
    /// Bytes of text the page may still show.
    text_room: usize,
    paths: Paths,
    /// The largest image drawn (an XObject or inline), in square points: a page covered by
    /// a picture and no text is a scan.
    image_area: f32,
}

impl<'a, 'c> Walker<'a, 'c> {
    /// A walker with a fresh graphics state.
    pub(super) fn new(doc: &'a Document, fonts: &'c mut FontCache<'a>, budget: Budget, font_limit: usize) -> Self {
        Walker {
            doc,
            fonts,
            budget,
            font_limit,
            gs: GraphicsState {
                ctm: Matrix::IDENTITY,
                params: TextParams::default(),
                leading: 0.0,
                font: None,
                invisible: false,
            },
            saved: Vec::new(),
            unsaved: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            forms: Vec::new(),
            runs: Vec::new(),
            text_room: MAX_PAGE_TEXT,
            paths: Paths::default(),
            image_area: 0.0,
        }
    }

    /// The area of the largest image the content drew, in square points.
    pub(super) fn image_area(&self) -> f32 {
        self.image_area
    }

    fn drew_image(&mut self) {
        self.image_area = self.image_area.max(self.gs.ctm.area());
    }

    /// The runs shown and the horizontal rules drawn so far.
    pub(super) fn finish(self) -> (Vec<Run>, Vec<Rule>) {
        (self.runs, self.paths.into_rules())
    }

    /// Runs the operators of `content` with `resources` in force.
    pub(super) fn walk(&mut self, content: &[u8], resources: &Resources<'a>) -> Result<(), Refusal> {
        // A syntax error ends the stream; the operators before it are kept.
        for operation in Content::decode_iter(content).map_while(Result::ok) {
            if self.budget.ops_left == 0 {
                return Err(Refusal::too_large("PDF", "quá nhiều lệnh trên một trang"));
            }
            self.budget.ops_left -= 1;
            self.operation(&operation, resources)?;
            if self.text_room == 0 {
                return Err(Refusal::too_large("PDF", "quá nhiều chữ trên một trang"));
            }
        }
        Ok(())
    }

    fn operation(&mut self, op: &Operation, resources: &Resources<'a>) -> Result<(), Refusal> {
        let operands = op.operands.as_slice();
        let num = |i: usize| {
            operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .filter(|v| v.is_finite())
        };
        let p = &mut self.gs.params;
        match op.operator.as_str() {
            "q" => self.save(),
            "Q" => self.restore(),
            "cm" => {
                if let Some(m) = Matrix::from_operands(operands) {
                    self.gs.ctm = m.then(self.gs.ctm);
                }
            }
            "BT" => (self.tm, self.tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
            "Tf" => self.set_font(operands, resources),
            "Tc" => p.char_space = num(0).unwrap_or(p.char_space),
            "Tw" => p.word_space = num(0).unwrap_or(p.word_space),
            "Tz" => p.hscale = num(0).map_or(p.hscale, |z| z / 100.0),
            "Ts" => p.rise = num(0).unwrap_or(p.rise),
            "TL" => self.gs.leading = num(0).unwrap_or(self.gs.leading),
            "Tr" => self.gs.invisible = matches!(num(0), Some(mode) if mode == 3.0 || mode == 7.0),
            "Td" => self.move_line(num(0).unwrap_or(0.0), num(1).unwrap_or(0.0)),
            "TD" => {
                self.gs.leading = -num(1).unwrap_or(0.0);
                self.move_line(num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
            }
            "Tm" => {
                if let Some(m) = Matrix::from_operands(operands) {
                    (self.tm, self.tlm) = (m, m);
                }
            }
            "T*" => self.next_line(),
            "Tj" => self.show_string(operands.first()),
            "'" => {
                self.next_line();
                self.show_string(operands.first());
            }
            "\"" => {
                p.word_space = num(0).unwrap_or(p.word_space);
                p.char_space = num(1).unwrap_or(p.char_space);
                self.next_line();
                self.show_string(operands.get(2));
            }
            "TJ" => self.show_array(operands.first()),
            "BI" => self.drew_image(),
            "Do" => {
                if let Some(Ok(name)) = operands.first().map(Object::as_name) {
                    self.form(name, resources)?;
                }
            }
            other => self.paths.operation(other, operands, self.gs.ctm),
        }
        Ok(())
    }

    fn save(&mut self) {
        if self.saved.len() < MAX_SAVED_STATES {
            self.saved.push(self.gs.clone());
        } else {
            self.unsaved += 1;
        }
    }

    fn restore(&mut self) {
        if self.unsaved > 0 {
            self.unsaved -= 1;
        } else if let Some(gs) = self.saved.pop() {
            self.gs = gs;
        }
    }

    fn set_font(&mut self, operands: &[Object], resources: &Resources<'a>) {
        let name = operands.first().and_then(|o| o.as_name().ok());
        let font = name.and_then(|n| resources.lookup(self.doc, b"Font", n));
        self.gs.font = font.and_then(|f| self.fonts.index(self.doc, f, self.font_limit));
        let size = operands.get(1).and_then(|o| o.as_float().ok());
        self.gs.params.size = size.filter(|s| s.is_finite()).unwrap_or(0.0);
    }

    fn move_line(&mut self, tx: f32, ty: f32) {
        self.tlm = self.tlm.translated(tx, ty);
        self.tm = self.tlm;
    }

    fn next_line(&mut self) {
        self.move_line(0.0, -self.gs.leading);
    }

    fn show_string(&mut self, operand: Option<&Object>) {
        if let Some(Ok(bytes)) = operand.map(Object::as_str) {
            self.show(std::iter::once(Piece::Text(bytes)));
        }
    }

    fn show_array(&mut self, operand: Option<&Object>) {
        let Some(Ok(items)) = operand.map(Object::as_array) else {
            return;
        };
        self.show(items.iter().filter_map(|item| match item {
            Object::String(bytes, _) => Some(Piece::Text(bytes)),
            other => other.as_float().ok().filter(|n| n.is_finite()).map(Piece::Adjust),
        }));
    }

    fn show<'o>(&mut self, pieces: impl Iterator<Item = Piece<'o>>) {
        // Without a font the glyphs cannot be decoded or measured.
        let Some(font) = self.gs.font.and_then(|i| self.fonts.get_mut(i)) else {
            return;
        };
        let m = self.tm.then(self.gs.ctm);
        // Invisible text still moves the pen; its runs go nowhere.
        let (mut unseen, mut unseen_room) = (Vec::new(), usize::MAX);
        let sink = match self.gs.invisible {
            false => Sink {
                runs: &mut self.runs,
                room: &mut self.text_room,
            },
            true => Sink {
                runs: &mut unseen,
                room: &mut unseen_room,
            },
        };
        let advance = text::show(font, &self.gs.params, m, pieces, sink);
        self.tm = self.tm.translated(advance, 0.0);
    }

    /// Draws the Form XObject `name` (images and unknown kinds are ignored).
    fn form(&mut self, name: &[u8], resources: &Resources<'a>) -> Result<(), Refusal> {
        let doc = self.doc;
        let Some(object) = resources.lookup(doc, b"XObject", name) else {
            return Ok(());
        };
        let Ok((Some(id), Object::Stream(stream))) = doc.dereference(object) else {
            return Ok(());
        };
        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype == Some(b"Image") {
            self.drew_image();
            return Ok(());
        }
        let is_form = subtype == Some(b"Form");
        if !is_form || self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(&id) {
            return Ok(());
        }
        let content = match stream.get_plain_content_with_limit(self.budget.bytes_left) {
            Ok(content) => content,
            Err(Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(Refusal::too_large("PDF", "nội dung trang giải nén quá lớn"));
            }
            Err(_) => return Ok(()),
        };
        self.budget.bytes_left = self.budget.bytes_left.saturating_sub(content.len());
        let inner = Resources::of_form(doc, &stream.dict, resources);
        let form_matrix = match stream.dict.get(b"Matrix") {
            Ok(Object::Array(m)) => Matrix::from_operands(m),
            _ => None,
        };
        self.draw_form(id, &content, &inner, form_matrix.unwrap_or(Matrix::IDENTITY))
    }

    /// Runs a form's content in a state of its own, then restores the outer one.
    fn draw_form(&mut self, id: ObjectId, content: &[u8], inner: &Resources<'a>, m: Matrix) -> Result<(), Refusal> {
        let outer = (self.gs.clone(), self.saved.len(), self.unsaved, self.tm, self.tlm);
        self.gs.ctm = m.then(self.gs.ctm);
        self.forms.push(id);
        let result = self.walk(content, inner);
        self.forms.pop();
        (self.gs, _, self.unsaved, self.tm, self.tlm) = outer;
        self.saved.truncate(outer.1);
        result
    }
}
