//! Tells the tests what is there besides the repository: the independent sample documents
//! (`../shared/samples`, `cfg(shared_samples)`), LibreOffice (`cfg(libreoffice)`), Tesseract
//! with poppler (`cfg(tesseract)`, for scans) and Dovecot
//! (`cfg(dovecot)`, a real IMAP server for the mailbox tests). Tests
//! that need them are ignored, with the reason, on a plain clone; `.ci/run` installs
//! LibreOffice, requires the samples, and runs them all with `--include-ignored`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_samples)");
    let truth = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/truth.json");
    // Watching a path that does not exist reruns this script, and rebuilds the crate, on every
    // build: watch the samples only when they are there. Samples put beside an already built
    // checkout are seen after `touch build.rs` (or `cargo clean`).
    println!("cargo::rerun-if-changed=build.rs");
    if truth.is_file() {
        println!("cargo::rerun-if-changed={}", truth.display());
        println!("cargo::rustc-cfg=shared_samples");
    }
    println!("cargo::rustc-check-cfg=cfg(libreoffice)");
    println!("cargo::rerun-if-env-changed=PATH");
    let on_path = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("soffice").is_file()));
    if on_path {
        println!("cargo::rustc-cfg=libreoffice");
    }
    println!("cargo::rustc-check-cfg=cfg(tesseract)");
    let found = |name: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    // OCR needs Tesseract with its Vietnamese model and poppler's renderer.
    let vie = [
        "/usr/share/tesseract-ocr/5/tessdata/vie.traineddata",
        "/usr/share/tesseract-ocr/4.00/tessdata/vie.traineddata",
    ]
    .iter()
    .any(|p| std::path::Path::new(p).is_file());
    if found("tesseract") && found("pdftoppm") && vie {
        println!("cargo::rustc-cfg=tesseract");
    }
    println!("cargo::rustc-check-cfg=cfg(dovecot)");
    let dovecot = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("dovecot").is_file()))
        || std::path::Path::new("/usr/sbin/dovecot").is_file();
    if dovecot {
        println!("cargo::rustc-cfg=dovecot");
    }
}
