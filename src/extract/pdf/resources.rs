//! The resource dictionaries a content stream draws with: the page's own, those it
//! inherits from the page tree, and a form's own in front of those it was drawn with.
//!
//! Lookups dereference each level once, so a `/Resources` that refers to itself (or a
//! `/Font` dictionary that is the resource dictionary again) cannot loop.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The resource dictionaries in force, nearest first.
#[derive(Clone, Default)]
pub(super) struct Resources<'a>(Vec<&'a Dictionary>);

impl<'a> Resources<'a> {
    /// The resources of a page, including those inherited from the page tree.
    pub(super) fn of_page(doc: &'a Document, page_id: ObjectId) -> Self {
        let Ok((direct, ids)) = doc.get_page_resources(page_id) else {
            return Resources::default();
        };
        let referenced = ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok());
        Resources(direct.into_iter().chain(referenced).collect())
    }

    /// A form's own resources, falling back to those it was drawn with.
    pub(super) fn of_form(doc: &'a Document, form: &'a Dictionary, outer: &Self) -> Self {
        let own = form.get(b"Resources").ok().and_then(|r| as_dict(doc, r));
        let mut dicts = Vec::with_capacity(outer.0.len() + 1);
        dicts.extend(own);
        dicts.extend(outer.0.iter().copied());
        Resources(dicts)
    }

    /// The resource `name` of `category` (`Font`, `XObject`).
    pub(super) fn lookup(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<&'a Object> {
        self.0.iter().find_map(|dict| {
            let entries = as_dict(doc, dict.get(category).ok()?)?;
            entries.get(name).ok()
        })
    }
}

fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}
