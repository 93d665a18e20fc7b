//! Command-line interface definition (clap). Flags say how to run this time; what the
//! pipeline is (paths, chapters, form) lives in the configuration file.

use crate::blank::BlankFormat;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// baocao — collects, checks and compiles the chapters' periodic reports.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about)]
pub struct Cli {
    /// Configuration file (default: ./baocao.toml, then /etc/baocao/baocao.toml, else the
    /// built-in one); relative paths in it are relative to its folder.
    #[arg(long, global = true, env = "BAOCAO_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// More log output (-v: debug, -vv: trace). Logs go to stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read report files (.docx, .xlsx, .xls, .ods, .odt, .pdf; .doc and .rtf with LibreOffice;
    /// scans and photos with Tesseract) and print the fields found.
    Extract {
        /// One JSON object per file per line on stdout (the contract other tools rely on).
        #[arg(long)]
        json: bool,
        /// Files to read.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Watch the inbox and store every report that arrives, send mail and reminders, and
    /// serve the review desk (the daemon).
    Run,
    /// Serve only the review desk (`[web] listen`), without intake, mail or reminders.
    Serve,
    /// Take files or folders through the same pipeline once, then exit.
    Ingest {
        /// Files or folders (folders are searched recursively).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Who has reported for a period: one row per registered chapter.
    Status {
        /// The period (`2021-H1`, `2021-Y`); default: the current one.
        #[arg(long)]
        period: Option<String>,
        /// A JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// Take this date as today (YYYY-MM-DD) to find the current period.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// The current submission of a chapter for a period: values, sources, review items, history.
    Show {
        /// Chapter code (or name).
        chapter: String,
        /// Period (`2021-H1`, `2021-Y`).
        period: String,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Send the reminders and notices due today (or on --today), then exit.
    Remind {
        /// Take this date as today (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// Only print what would be sent; record and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Correct a value of a chapter's current report; the extracted value is kept and the
    /// correction (who, when, old, new, why) is audited. It counts everywhere from then on.
    Correct {
        /// Chapter code (or name).
        chapter: String,
        /// Period (`2021-H1`, `2021-Y`, `2026-R1`).
        period: String,
        /// The field's key (as in `show --json`), e.g. `supervisions_led`.
        field: String,
        /// The right value: a count (`12`, `1.234`), a date (`15/6/2026`) or text.
        value: String,
        /// Why (required; kept in the audit log).
        #[arg(long)]
        reason: String,
        /// The staff account making the correction.
        #[arg(long, value_name = "LOGIN")]
        by: String,
    },
    /// Accept a chapter's current report that needs review, as it is.
    Accept {
        /// Chapter code (or name).
        chapter: String,
        /// Period.
        period: String,
        /// The staff account deciding.
        #[arg(long, value_name = "LOGIN")]
        by: String,
        /// A note for the audit log.
        #[arg(long)]
        note: Option<String>,
    },
    /// Ask a chapter to send its report again: an e-mail lists what to fix.
    Resend {
        /// Chapter code (or name).
        chapter: String,
        /// Period.
        period: String,
        /// What the chapter should fix (required; sent to it and audited).
        #[arg(long)]
        note: String,
        /// The staff account asking.
        #[arg(long, value_name = "LOGIN")]
        by: String,
    },
    /// Refuse a chapter's current report by hand; the chapter is told why.
    Reject {
        /// Chapter code (or name).
        chapter: String,
        /// Period.
        period: String,
        /// Why (required; sent to the chapter and audited).
        #[arg(long)]
        reason: String,
        /// The staff account deciding.
        #[arg(long, value_name = "LOGIN")]
        by: String,
    },
    /// The review desk's accounts (staff who correct and accept, viewers who read).
    User {
        /// What to do.
        #[command(subcommand)]
        action: UserAction,
    },
    /// The units that report, with their history (kept in the database).
    Units {
        /// What to do.
        #[command(subcommand)]
        action: UnitsAction,
    },
    /// Ad-hoc report requests (periods `YYYY-Rn` with their own deadline).
    Request {
        /// What to do.
        #[command(subcommand)]
        action: RequestAction,
    },
    /// The e-mails queued, failed and sent, newest first.
    Outbox {
        /// Only messages in this state.
        #[arg(long, value_parser = ["queued", "failed", "sent"])]
        status: Option<String>,
        /// A JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write the province's blank report form, for chapters to fill in, and print its path.
    Template {
        /// Word (docx) or Excel (xlsx).
        #[arg(long, value_enum)]
        format: BlankFormat,
        /// Folder to write into (created if needed).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
    },
    /// Write a starter folder: a commented baocao.toml to edit, inbox/ and templates/.
    Init {
        /// The folder (created if needed; default: the current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Rebuild the submissions from the files kept in archive/ and rejected/, after the
    /// database was lost (only into an empty database; nothing is moved, no mail is sent).
    Reindex,
    /// Compile the provincial report of a period (Word and Excel) from the stored records.
    Compile {
        /// The period (`2021-H1`, `2021-Y`, `2021-R1`), or a term of years (`2017-2022`).
        #[arg(long, required_unless_present = "term", conflicts_with = "term")]
        period: Option<String>,
        /// A term review (sơ kết, tổng kết) from the annual reports of these years (`2017-2022`).
        #[arg(long, value_name = "FROM-TO")]
        term: Option<String>,
        /// Folder to write into (default: `<data_dir>/reports`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also e-mail both files to `[report] recipients` (once per version).
        #[arg(long, conflicts_with = "unit")]
        send: bool,
        /// Take this date as today (YYYY-MM-DD): the report's date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// The report of one unit with units under it (a former district's communes, a
        /// cluster): their totals; written beside the province's, never sent.
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
    },
    /// Internal: read one file into a document and print it as JSON (run by the daemon in a
    /// supervised child process).
    #[command(hide = true)]
    ReadDocument {
        /// Files larger than this are refused unread.
        #[arg(long, default_value_t = 50 << 20)]
        max_file_bytes: u64,
        /// LibreOffice, for .doc and .rtf.
        #[arg(long, default_value = "soffice")]
        soffice: PathBuf,
        /// Tesseract, for scans.
        #[arg(long, default_value = "tesseract")]
        tesseract: PathBuf,
        /// poppler's page renderer, for scanned PDFs.
        #[arg(long, default_value = "pdftoppm")]
        pdftoppm: PathBuf,
        /// Where the programs' profiles and temporary files go.
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Wall-clock limit of one program run, in seconds.
        #[arg(long, default_value_t = 90)]
        program_seconds: u64,
        /// Answer a scan with its page count instead of reading it by OCR.
        #[arg(long)]
        defer_ocr: bool,
        /// The file to read.
        file: PathBuf,
    },
}

/// `baocao user ...`.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add an account; its password is read from stdin (asked twice on a terminal).
    Add {
        /// The login (lowercase letters, digits, `.`, `_`, `-`).
        login: String,
        /// Full name, as the desk and the audit log show it.
        #[arg(long)]
        name: String,
        /// `staff` (correct, accept, compile) or `viewer` (read only).
        #[arg(long, default_value = "staff")]
        role: String,
    },
    /// List the accounts.
    List {
        /// A JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Change an account's password (read from stdin as for `add`).
    Passwd {
        /// The login.
        login: String,
    },
    /// Remove an account.
    Remove {
        /// The login.
        login: String,
    },
}

/// `baocao request` subcommands.
#[derive(Debug, Subcommand)]
pub enum RequestAction {
    /// Open an ad-hoc request; prints its period code (e.g. `2021-R1`).
    Add {
        /// The subject, as chapters will see it (e.g. "Báo cáo kết quả giám sát ...").
        #[arg(long)]
        title: String,
        /// Deadline (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
        /// `all`, or chapter codes separated by commas (VNI,DKH).
        #[arg(long, default_value = "all")]
        chapters: String,
        /// Its own reminder days before the deadline (e.g. 3,1); default: `[reminders]`.
        #[arg(long, value_delimiter = ',', value_name = "DAYS")]
        before_days: Option<Vec<i32>>,
    },
    /// List the requests.
    List {
        /// A JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
}

/// `baocao units` subcommands.
#[derive(Debug, Subcommand)]
pub enum UnitsAction {
    /// Read a list (.xlsx, .xls, .ods or .csv; columns code, name, level, parent, from, until,
    /// email, aliases, senders, successors) and show what it changes; `--apply` stores it.
    Import {
        /// The list.
        file: PathBuf,
        /// Store the changes (without it nothing is written).
        #[arg(long)]
        apply: bool,
    },
    /// Write the list in the import's columns: to FILE (.xlsx or .csv), else CSV on stdout.
    Export {
        /// Where to write (.xlsx or .csv).
        file: Option<PathBuf>,
    },
    /// List the units, or those that exist on a day.
    List {
        /// Only the units that exist on this day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        /// A JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
}
