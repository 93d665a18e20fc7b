//! The `baocao` binary: parse the command line, set up logging, load the configuration once,
//! dispatch. Everything else lives in the library.

use anyhow::Context;
use baocao::cli::{Cli, Command, RequestAction, UnitsAction, UserAction};
use baocao::commands;
use baocao::commands::review::Decision;
use baocao::config::Settings;
use baocao::model::Period;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // `baocao status | head`: the reader left; nothing more to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baocao: {}", one_line(&e));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::ReadDocument {
        file,
        max_file_bytes,
        soffice,
        tesseract,
        pdftoppm,
        work_dir,
        program_seconds,
        defer_ocr,
    } = &cli.command
    {
        // The supervised child: no configuration needed, one JSON object on stdout.
        let defaults = baocao::extract::limits::Programs::default();
        let limits = baocao::extract::Limits {
            max_file_bytes: *max_file_bytes,
            programs: baocao::extract::limits::Programs {
                soffice: soffice.clone(),
                tesseract: tesseract.clone(),
                pdftoppm: pdftoppm.clone(),
                work_dir: work_dir.clone().unwrap_or(defaults.work_dir),
                timeout: std::time::Duration::from_secs(*program_seconds),
                defer_ocr: *defer_ocr,
            },
            ..baocao::extract::Limits::default()
        };
        println!(
            "{}",
            serde_json::to_string(&commands::read_document::run(file, &limits))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Init { dir } = &cli.command {
        use std::io::Write;
        for path in commands::init::run(dir)? {
            writeln!(std::io::stdout(), "{}", path.display())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let file = baocao::config::locate(cli.config.as_deref(), &cwd);
    let mut settings = Settings::load(file.as_deref())?;
    let (filter, no_color) = (std::env::var("BAOCAO_LOG").ok(), std::env::var_os("NO_COLOR").is_some());
    let daemon = matches!(cli.command, Command::Run | Command::Serve);
    baocao::logging::init(cli.verbose, daemon, settings.timezone.clone(), filter, no_color);
    match &file {
        Some(path) => tracing::debug!(config = %path.display(), "configuration file"),
        None => tracing::debug!("no configuration file found; using the built-in one"),
    }
    // Every command reads the units from the database (the daemon does so itself); `extract`
    // and `template` do not create a database that is not there yet.
    match cli.command {
        Command::Run | Command::Serve => {}
        Command::Extract { .. } | Command::Template { .. } => commands::units::load(&mut settings, true)?,
        _ => commands::units::load(&mut settings, false)?,
    }
    // Unlocked handles: a held stderr lock would block the log writer of other threads.
    let (out, err) = (&mut std::io::stdout(), &mut std::io::stderr());
    match cli.command {
        Command::Extract { json, files } => {
            let failed = commands::extract::run(&settings, &files, json, out, err)?;
            Ok(exit(failed == 0))
        }
        Command::Run => {
            settings.isolate_with(std::env::current_exe().context("locating the baocao binary")?);
            let runtime = tokio::runtime::Runtime::new()?;
            let shutdown = shutdown_signal(&runtime);
            let result = runtime.block_on(baocao::daemon::run(settings, shutdown));
            // A mail pass abandoned at shutdown may still wait on a silent server: do not wait
            // for it (its message keeps its claim and is sent again later).
            runtime.shutdown_timeout(std::time::Duration::from_millis(500));
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve => {
            // The document view reads files again: in the supervised child, as the intake does.
            settings.isolate_with(std::env::current_exe().context("locating the baocao binary")?);
            let runtime = tokio::runtime::Runtime::new()?;
            let shutdown = shutdown_signal(&runtime);
            runtime.block_on(baocao::daemon::serve_desk(settings, shutdown))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest { paths } => {
            settings.isolate_with(std::env::current_exe().context("locating the baocao binary")?);
            let summary = commands::ingest::run(&settings, &paths, err)?;
            use std::io::Write;
            writeln!(out, "{}", summary.line())?;
            Ok(exit(summary.errors == 0))
        }
        Command::Status { period, json, today } => {
            let period = match period {
                Some(p) => Period::parse_code(&p).with_context(|| format!("`{p}` is not a period (e.g. 2021-H1)"))?,
                None => Period::current(today_in(&settings, today.as_deref())?),
            };
            commands::status::print_status(&settings, period, json, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { chapter, period, json } => {
            let found = commands::status::print_show(&settings, &chapter, &period, json, out)?;
            Ok(exit(found))
        }
        Command::Remind { today, dry_run } => {
            let today = today_in(&settings, today.as_deref())?;
            let summary = commands::remind::run(&settings, today, jiff::Timestamp::now(), dry_run, out)?;
            use std::io::Write;
            writeln!(out, "{}", summary.line(dry_run))?;
            // Mail that could not go yet stays queued; a non-zero code tells cron to look.
            // (Mail a daemon beside is sending is still queued, and not this run's failure.)
            Ok(exit(summary.mail.failed == 0 && summary.mail.retrying == 0))
        }
        Command::Request { action } => match action {
            RequestAction::Add {
                title,
                due,
                chapters,
                before_days,
            } => {
                let now = jiff::Timestamp::now();
                let request = commands::request::add(&settings, &title, &due, &chapters, before_days.as_deref(), now)?;
                commands::request::print(&request, out)?;
                Ok(ExitCode::SUCCESS)
            }
            RequestAction::List { json } => {
                commands::request::list(&settings, json, out)?;
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Correct {
            chapter,
            period,
            field,
            value,
            reason,
            by,
        } => decide(
            &settings,
            (&chapter, &period),
            Decision::Correct { field, value, reason },
            &by,
            out,
        ),
        Command::Accept {
            chapter,
            period,
            by,
            note,
        } => decide(&settings, (&chapter, &period), Decision::Accept { note }, &by, out),
        Command::Resend {
            chapter,
            period,
            note,
            by,
        } => decide(&settings, (&chapter, &period), Decision::Resend { note }, &by, out),
        Command::Reject {
            chapter,
            period,
            reason,
            by,
        } => decide(&settings, (&chapter, &period), Decision::Reject { reason }, &by, out),
        Command::User { action } => {
            use std::io::Write;
            let now = jiff::Timestamp::now();
            match action {
                UserAction::Add { login, name, role } => {
                    let user = commands::user::add(&settings, &login, &name, &role, now)?;
                    writeln!(out, "added {} ({}, {})", user.login, user.role.as_str(), user.name)?;
                }
                UserAction::List { json } => commands::user::list(&settings, json, out)?,
                UserAction::Passwd { login } => {
                    commands::user::passwd(&settings, &login, now)?;
                    writeln!(out, "password of {login} changed")?;
                }
                UserAction::Remove { login } => {
                    commands::user::remove(&settings, &login)?;
                    writeln!(out, "removed {login}")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Units { action } => {
            match action {
                UnitsAction::Import { file, apply } => {
                    commands::units::import(&settings, &file, apply, jiff::Timestamp::now(), out)?;
                }
                UnitsAction::Export { file } => commands::units::export(&settings, file.as_deref(), out)?,
                UnitsAction::List { on, json } => commands::units::list(&settings, on.as_deref(), json, out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Outbox { status, json } => {
            commands::outbox::print(&settings, status.as_deref(), json, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reindex => {
            settings.isolate_with(std::env::current_exe().context("locating the baocao binary")?);
            let mut store = baocao::store::Store::open(&settings.database())?;
            let done = baocao::pipeline::reindex(&settings, &mut store)?;
            use std::io::Write;
            for (path, status) in &done {
                writeln!(out, "{status:<12} {}", path.display())?;
            }
            writeln!(out, "{} files recorded from the archive", done.len())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Template { format, out: dir } => {
            let path = commands::template::run(&settings, format, &dir)?;
            use std::io::Write;
            writeln!(out, "{}", path.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compile {
            period,
            term,
            out: dir,
            send,
            today,
            unit,
        } => {
            let code = period.or(term).unwrap_or_default();
            let period = Period::parse_code(&code)
                .with_context(|| format!("`{code}` is not a period (e.g. 2021-H1) or a term (e.g. 2017-2022)"))?;
            let today = today_in(&settings, today.as_deref())?;
            match unit {
                Some(unit) => commands::compile::run_unit(&settings, period, &unit, dir.as_deref(), today, out, err)?,
                None => commands::compile::run(&settings, period, dir.as_deref(), send, today, out, err)?,
            };
            Ok(ExitCode::SUCCESS)
        }
        Command::ReadDocument { .. } | Command::Init { .. } => {
            unreachable!("handled before the configuration is loaded")
        }
    }
}

/// The error and its causes on one line. Our errors carry their cause's words in their own
/// message: once a cause is already said, it and the causes below it are not repeated.
/// Applies a desk decision from the command line and prints what it did.
fn decide(
    settings: &Settings,
    report: (&str, &str),
    decision: Decision,
    by: &str,
    out: &mut impl std::io::Write,
) -> anyhow::Result<ExitCode> {
    let done = commands::review::run(settings, report, &decision, by, jiff::Timestamp::now())?;
    writeln!(out, "{}", commands::review::line(&done))?;
    Ok(ExitCode::SUCCESS)
}

fn one_line(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if text.contains(&cause) {
            break;
        }
        text.push_str(": ");
        text.push_str(&cause);
    }
    text
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn exit(ok: bool) -> ExitCode {
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `--today` if given, else today's date in the configured zone.
fn today_in(settings: &Settings, today: Option<&str>) -> anyhow::Result<jiff::civil::Date> {
    match today {
        Some(t) => t.parse().with_context(|| format!("`{t}` is not a date (YYYY-MM-DD)")),
        None => Ok(jiff::Timestamp::now()
            .to_zoned_datetime(settings.timezone.clone())
            .date()),
    }
}

/// Completes on SIGINT or SIGTERM. The handlers are installed at once (inside the runtime),
/// so a signal that arrives while the daemon is still starting stops it gracefully too.
fn shutdown_signal(runtime: &tokio::runtime::Runtime) -> impl std::future::Future<Output = ()> + use<> {
    use tokio::signal::unix::{SignalKind, signal};
    let _entered = runtime.enter();
    let mut term = signal(SignalKind::terminate()).ok();
    let mut int = signal(SignalKind::interrupt()).ok();
    async move {
        tokio::select! {
            () = recv(term.as_mut()) => {}
            () = recv(int.as_mut()) => {}
        }
        tracing::info!("shutdown requested");
    }
}

/// The next signal of a stream, or never when it could not be installed.
async fn recv(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}
