//! citecheck's entry point: parses the command line, runs the command, and
//! reports its failure (once) and its exit code.

mod cli;
mod commands;

use clap::Parser;

use commands::{ExitStatus, Failure};

/// `citecheck::memory` tells it when to return freed memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let status = match commands::run(&cli) {
        Ok(status) => status,
        Err(Failure::Message(m)) => {
            eprintln!("error: {m}");
            ExitStatus::Error
        }
        Err(Failure::Diagnostic(report)) => {
            eprintln!("{report:?}");
            ExitStatus::Error
        }
    };
    std::process::ExitCode::from(match status {
        ExitStatus::Success => 0,
        ExitStatus::Failure => 1,
        ExitStatus::Error => 2,
    })
}
