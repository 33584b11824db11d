//! `--stdin-jsonl`: records from stdin, checked on `--jobs` threads, one
//! output line each, in input order. A malformed record is an error line and
//! does not change the exit code; findings do, as with files.

use std::ops::ControlFlow;
use std::path::PathBuf;

use citecheck::engine::Resolver;

use super::{check::threshold, output::Stdout, ExitStatus, Failure, Outcome};
use crate::cli::Cli;

pub fn run(cli: &Cli, resolver: &mut Resolver) -> Outcome {
    let anchor = PathBuf::from(cli.stdin_filename.as_deref().unwrap_or("-"));
    let settings = resolver.settings(&anchor)?;
    let threads = citecheck::parallel::effective_jobs(cli.jobs.map(|n| n as usize));
    let mut stdin = std::io::BufReader::new(std::io::stdin());
    let mut read_error = None;
    let mut number = 0usize;
    // A line is read up to the input cap; the rest of a longer one is
    // skipped unread, so one record cannot cost more than one file may.
    let cap = citecheck::source::MAX_INPUT_BYTES;
    let lines = std::iter::from_fn(|| {
        use std::io::{BufRead, Read};
        let mut line = Vec::new();
        let read = (&mut stdin).take(cap + 1).read_until(b'\n', &mut line);
        let read = read.and_then(|n| {
            let long = line.len() as u64 > cap && !line.ends_with(b"\n");
            if long {
                // Released at once: only the line's count is kept.
                line = Vec::new();
                stdin.skip_until(b'\n')?;
            }
            Ok((n, long))
        });
        match read {
            Ok((0, _)) => None,
            Ok((_, long)) => {
                number += 1;
                Some((number, (!long).then_some(line)))
            }
            Err(e) => {
                read_error = Some(e);
                None
            }
        }
    });
    let mut out = Stdout::new();
    let mut worst = None;
    citecheck::parallel::ordered_map(
        lines,
        threads,
        |(n, line)| match line {
            Some(line) => citecheck::batch::check_record(&line, n, &settings),
            None => citecheck::batch::too_large(n, cap),
        },
        |result| {
            worst = worst.max(result.worst);
            out.write(&result.text);
            out.write("\n");
            out.flush();
            if out.closed {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    if let Some(e) = read_error {
        return Err(Failure::message(format!("cannot read standard input: {e}")));
    }
    Ok(match (threshold(cli.fail_on), worst) {
        (Some(t), Some(max)) if max >= t => ExitStatus::Failure,
        _ => ExitStatus::Success,
    })
}
