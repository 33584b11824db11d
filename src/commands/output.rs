//! The terminal side of the binary: standard output that ends quietly on a
//! closed pipe, the progress bar, and how human output is drawn.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use citecheck::report::{human, OutputFormat};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, ColorChoice};

/// Standard output, buffered; a closed pipe (`citecheck … | head`) is noted
/// once and every later write skipped, so the run ends quietly.
pub struct Stdout {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    pub closed: bool,
    /// A person is watching: show each file's findings as soon as they are made.
    pub terminal: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            closed: false,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    pub fn write(&mut self, s: &str) {
        if self.closed || s.is_empty() {
            return;
        }
        if self.out.write_all(s.as_bytes()).is_err() {
            self.closed = true;
        }
    }

    pub fn flush(&mut self) {
        if !self.closed && self.out.flush().is_err() {
            self.closed = true;
        }
    }
}

impl Drop for Stdout {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Write to stdout; a closed pipe (`citecheck … | head`) ends output quietly.
pub fn write_out(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush());
}

/// A progress bar for the link stage: on a terminal, for human output only.
pub fn progress_bar(cli: &Cli, format: OutputFormat) -> Option<ProgressBar> {
    if cli.offline
        || cli.sources.is_some()
        || cli.quiet
        || cli.statistics
        || !format.is_human()
        || !std::io::stderr().is_terminal()
    {
        return None;
    }
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Show the bar only when there are more than a handful of URLs.
pub fn progress_start(bar: ProgressBar) -> Arc<dyn Fn(usize) + Send + Sync> {
    Arc::new(move |total| {
        if total > 5 {
            bar.set_length(total as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    })
}

/// How human output is drawn, from `--color`, `NO_COLOR`, `FORCE_COLOR`,
/// `CLICOLOR_FORCE`, `TERM`, `NO_GRAPHICS`, `COLUMNS` and whether stdout is
/// a terminal. The width is `COLUMNS` when set, else the terminal's, else
/// 100 (piped output is usually read in a pager or a CI log, where 100
/// columns is the common width).
pub fn style(cli: &Cli, format: OutputFormat) -> human::Style {
    let tty = std::io::stdout().is_terminal();
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let forced = |name: &str| env(name).is_some_and(|v| v != "0");
    let dumb = env("TERM").is_some_and(|t| t == "dumb");
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // NO_COLOR wins over FORCE_COLOR (no-color.org); either force wins
        // over a pipe or a dumb terminal.
        ColorChoice::Auto if env("NO_COLOR").is_some() => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => tty && !dumb && env("CLICOLOR").is_none_or(|v| v != "0"),
    };
    let narrated = format == OutputFormat::Narrated
        || std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty() && v != "0");
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w > 0);
    let terminal = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .filter(|&w| w > 0)
    };
    let width = columns.or_else(terminal).unwrap_or(100);
    human::Style {
        color,
        unicode: !dumb && (tty || color),
        links: tty && !dumb && supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
        width,
        narrated,
    }
}
