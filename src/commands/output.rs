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

/// How human output is drawn, from `--color`, `NO_COLOR`, `NO_GRAPHICS`,
/// `COLUMNS` and whether stdout is a terminal.
pub fn style(cli: &Cli, format: OutputFormat) -> human::Style {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    let narrated = format == OutputFormat::Narrated
        || std::env::var_os("NO_GRAPHICS").is_some_and(|v| !v.is_empty() && v != "0");
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100);
    human::Style {
        color,
        unicode: tty || cli.color == ColorChoice::Always,
        links: tty && color,
        width,
        narrated,
    }
}
