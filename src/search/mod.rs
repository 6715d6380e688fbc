//! Search: one index per language, built from the rendered pages, read by a
//! small script in the browser. No server and no third-party service.
//!
//! See [`index`] for the file layout, [`query`] for ranking, [`vocabulary`]
//! for what the index and the browser must agree on, and [`client`] for the
//! browser's scripts.

pub mod client;
pub mod compound;
pub mod index;
mod minify;
pub mod query;
pub mod tokenize;
pub mod vocabulary;

use std::borrow::Cow;
use std::sync::Arc;

use crate::inputs::Inputs;
use crate::markdown::Rendered;
use index::{Document, LanguageIndex};

/// The folder of a language's index below the output root.
pub fn index_path(lang: &str) -> String {
    format!("search/{lang}/")
}

/// The documents of one language: every page not excluded with
/// `search = false`, in reading order, its text split at headings.
pub fn documents<'a>(inputs: &Inputs, rendered: &'a [Arc<Rendered>], lang: &str) -> Vec<Document<'a>> {
    inputs
        .content
        .reading_order(lang)
        .into_iter()
        .filter(|&id| inputs.content.page(id).source.meta.search != Some(false))
        .map(|id| {
            let page = inputs.content.page(id);
            Document {
                url: inputs.urls.url(&page.path),
                title: page.title.clone(),
                description: page.description.clone(),
                sections: Cow::Borrowed(&rendered[id].sections),
            }
        })
        .collect()
}

/// Every language's index files, with paths below the output root.
pub fn index_files(inputs: &Inputs, rendered: &[Arc<Rendered>], compress: bool) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let collect = |path, bytes| {
        files.push((path, bytes));
        Ok::<(), std::convert::Infallible>(())
    };
    let Ok(_) = write_index_files(inputs, rendered, compress, collect);
    files
}

/// Builds every language's index files, with paths below the output root,
/// and hands each to `put` as soon as its language is done; returns how
/// many there were.
///
/// One language after another: each index is built in parallel inside, and
/// building them side by side held every language's postings at once.
pub fn write_index_files<E>(
    inputs: &Inputs,
    rendered: &[Arc<Rendered>],
    compress: bool,
    mut put: impl FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<usize, E> {
    let mut count = 0;
    for lang in inputs.config.language_codes() {
        for (path, bytes) in language_files(inputs, rendered, lang, compress) {
            put(path, bytes)?;
            count += 1;
        }
    }
    Ok(count)
}

/// One language's index files, with paths below the output root.
pub fn language_files(
    inputs: &Inputs,
    rendered: &[Arc<Rendered>],
    lang: &str,
    compress: bool,
) -> Vec<(String, Vec<u8>)> {
    let index = LanguageIndex::build(lang, documents(inputs, rendered, lang));
    let folder = index_path(lang);
    index.into_files(compress).into_iter().map(|(path, bytes)| (format!("{folder}{path}"), bytes)).collect()
}
