//! The `baocao` binary: parse the command line, set up logging, load the configuration once,
//! dispatch. Everything else lives in the library.

use anyhow::Context;
use baocao::cli::{Cli, Command};
use baocao::commands;
use baocao::config::Settings;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("baocao: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::ReadDocument { file } = &cli.command {
        // The supervised child: no configuration needed, one JSON object on stdout.
        let output = commands::read_document::run(file);
        println!("{}", serde_json::to_string(&output)?);
        return Ok(ExitCode::SUCCESS);
    }
    let settings = Settings::load(cli.config.as_deref()).context("configuration")?;
    match cli.command {
        Command::Extract { json, files } => {
            let failed = commands::extract::run(
                &settings,
                &files,
                json,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )?;
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::ReadDocument { .. } => unreachable!("handled before the configuration is loaded"),
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("BAOCAO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
