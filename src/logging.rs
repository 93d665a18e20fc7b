//! The log: structured lines on stderr, timestamped in the configured time zone in the one
//! date format baocao uses everywhere (`02/12/2026 01:26:07.123`), coloured only for a person
//! at a terminal (never into a file or a pipe, nor with `NO_COLOR` set).

use std::io::IsTerminal;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// The local time of the configured zone.
struct LocalTime(jiff::tz::TimeZone);

impl FormatTime for LocalTime {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        let now = jiff::Timestamp::now().to_zoned_datetime(self.0.clone());
        write!(w, "{}", now.strftime("%d/%m/%Y %H:%M:%S%.3f"))
    }
}

/// Starts the log: `verbose` 0 shows warnings (information too for the daemon), 1 debug, 2
/// trace; `filter` (from `BAOCAO_LOG`) overrides; `no_color` is whether `NO_COLOR` is set.
pub fn init(verbose: u8, daemon: bool, zone: jiff::tz::TimeZone, filter: Option<String>, no_color: bool) {
    let level = match (verbose, daemon) {
        (0, false) => "warn",
        (0, true) => "info",
        (1, _) => "debug",
        _ => "trace",
    };
    let filter = filter
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(level));
    let ansi = std::io::stderr().is_terminal() && !no_color;
    // A second call (tests starting the daemon twice) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_timer(LocalTime(zone))
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .try_init();
}
