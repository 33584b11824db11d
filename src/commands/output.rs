//! The terminal side of the binary: standard output that ends quietly on a
//! closed pipe, the progress bar, and how human output is drawn.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use citecheck::report::{human, OutputFormat};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, ColorChoice};

/// The report's destination, buffered: standard output, or `-o FILE`. A
/// closed pipe (`citecheck … | head`) is noted once and every later write
/// skipped, so the run ends quietly; any other failed write (a full disk)
/// is kept, so the run fails saying so.
pub struct Stdout {
    out: Box<dyn Write>,
    pub closed: bool,
    /// Why a write failed, other than a closed pipe.
    pub error: Option<std::io::Error>,
    /// A person is watching: show each file's findings as soon as they are made.
    pub terminal: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            closed: false,
            error: None,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// `-o FILE`: created or truncated now, so that an unwritable path fails
    /// before any file is checked.
    pub fn file(path: &std::path::Path) -> std::io::Result<Stdout> {
        let file = std::fs::File::create(path)?;
        Ok(Stdout {
            out: Box::new(std::io::BufWriter::new(file)),
            closed: false,
            error: None,
            terminal: false,
        })
    }

    pub fn write(&mut self, s: &str) {
        if self.closed || s.is_empty() {
            return;
        }
        if let Err(e) = self.out.write_all(s.as_bytes()) {
            self.fail(e);
        }
    }

    /// Let `write` write to the destination; after a closed pipe or a
    /// failed write it writes to nowhere, so what it counts still counts.
    pub fn write_with(&mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if self.closed {
            let _ = write(&mut std::io::sink());
            return;
        }
        if let Err(e) = write(&mut *self.out) {
            self.fail(e);
        }
    }

    pub fn flush(&mut self) {
        if !self.closed {
            if let Err(e) = self.out.flush() {
                self.fail(e);
            }
        }
    }

    fn fail(&mut self, e: std::io::Error) {
        self.closed = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            self.error = Some(e);
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

/// The width to fill for a stream: `COLUMNS` when set, else the stream's
/// terminal, else 100.
fn width_of(
    terminal: impl FnOnce() -> Option<(terminal_size::Width, terminal_size::Height)>,
) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w > 0);
    let terminal = || {
        terminal()
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .filter(|&w| w > 0)
    };
    columns.or_else(terminal).unwrap_or(100)
}

/// A notice for standard error, filled to its width.
pub fn notice(line: &str) -> String {
    human::fill_notice(
        line,
        width_of(|| terminal_size::terminal_size_of(std::io::stderr())),
    )
}

/// How human output is drawn, from `--color`, `NO_COLOR`, `FORCE_COLOR`,
/// `CLICOLOR_FORCE`, `TERM`, `NO_GRAPHICS`, `COLUMNS` and whether stdout is
/// a terminal. The width is `COLUMNS` when set, else the terminal's, else
/// 100 (piped output is usually read in a pager or a CI log, where 100
/// columns is the common width).
pub fn style(cli: &Cli, format: OutputFormat) -> human::Style {
    // `-o FILE` is never a terminal, whatever standard output is.
    let tty = cli.output_file.is_none() && std::io::stdout().is_terminal();
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
    let width = width_of(|| terminal_size::terminal_size_of(std::io::stdout()));
    human::Style {
        color,
        unicode: !dumb && (tty || color),
        links: tty && !dumb && supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
        width,
        narrated,
    }
}
