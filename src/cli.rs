//! Command-line interface definition (clap). Flags say how to run this time; what the
//! pipeline is (paths, chapters, form) lives in the configuration file.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// baocao — collects, checks and compiles the chapters' periodic reports.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about)]
pub struct Cli {
    /// Configuration file (default: the embedded baocao.toml, paths relative to the current folder).
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
    /// Read report files (.docx, .xlsx, .xls, .ods, .pdf) and print the fields found.
    Extract {
        /// One JSON object per file per line on stdout (the contract other tools rely on).
        #[arg(long)]
        json: bool,
        /// Files to read.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Watch the inbox and store every report that arrives (the daemon).
    Run,
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
    /// Compile the provincial report of a period (Word and Excel) from the stored records.
    Compile {
        /// The period (`2021-H1`, `2021-Y`, `2021-R1`).
        #[arg(long)]
        period: String,
        /// Folder to write into (default: `<data_dir>/reports`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also e-mail both files to `[report] recipients` (once per version).
        #[arg(long)]
        send: bool,
        /// Take this date as today (YYYY-MM-DD): the report's date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Internal: read one file into a document and print it as JSON (run by the daemon in a
    /// supervised child process).
    #[command(hide = true)]
    ReadDocument {
        /// The file to read.
        file: PathBuf,
    },
}
