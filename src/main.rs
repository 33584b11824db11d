//! citecheck's entry point: runs the app and maps its status to an exit code.

mod app;
mod cli;

use app::ExitStatus;

fn main() -> std::process::ExitCode {
    match app::run() {
        ExitStatus::Success => std::process::ExitCode::from(0),
        ExitStatus::Failure => std::process::ExitCode::from(1),
        ExitStatus::Error => std::process::ExitCode::from(2),
    }
}
