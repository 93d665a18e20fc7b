//! `baocao init [DIR]`: a folder ready to run — a commented `baocao.toml` to edit, an empty
//! `inbox/`, and the province's editable texts in `templates/` (the report form, the e-mails,
//! the report's wording), all copies of what is built in.

use crate::deliver::MailKind;
use std::path::{Path, PathBuf};

/// Why `init` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A configuration is there already: never overwritten.
    #[error("{}: a configuration file is already there; nothing was written", path.display())]
    Exists { path: PathBuf },
    /// A file or folder could not be written.
    #[error("{}: {error}", path.display())]
    Write { path: PathBuf, error: std::io::Error },
}

/// The files `init` writes, relative to its folder.
fn files() -> Vec<(PathBuf, &'static str)> {
    let mut files = vec![
        (PathBuf::from("baocao.toml"), crate::config::EMBEDDED_CONFIG),
        (
            PathBuf::from("templates/forms/giam-sat-phan-bien.toml"),
            crate::form::EMBEDDED_FORM,
        ),
        (
            PathBuf::from("templates/report/texts.toml"),
            crate::compile::texts::EMBEDDED,
        ),
    ];
    for kind in MailKind::ALL {
        files.push((Path::new("templates/mail").join(kind.file_name()), kind.embedded()));
    }
    files
}

/// Writes the starter folder into `dir` (created if needed); returns the paths written.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let config = dir.join("baocao.toml");
    if config.exists() {
        return Err(InitError::Exists { path: config });
    }
    let write = |path: PathBuf, text: &str| {
        let fail = |error| InitError::Write {
            path: path.clone(),
            error,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        // A template the province already edited stays as it is.
        if !path.exists() {
            std::fs::write(&path, text).map_err(fail)?;
        }
        Ok::<_, InitError>(path)
    };
    let mut written = Vec::new();
    // The configuration last: a folder with one is complete.
    for (rel, text) in files().into_iter().rev() {
        written.push(write(dir.join(rel), text)?);
    }
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).map_err(|error| InitError::Write {
        path: inbox.clone(),
        error,
    })?;
    written.push(inbox);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_folder_loads_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        run(dir.path()).unwrap();
        let settings = crate::config::Settings::load(Some(&dir.path().join("baocao.toml"))).unwrap();
        assert_eq!(
            settings.templates.as_deref(),
            Some(dir.path().join("templates").as_path())
        );
        assert!(settings.inbox.is_dir());
        assert!(matches!(run(dir.path()), Err(InitError::Exists { .. })));
    }
}
