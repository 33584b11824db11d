//! Test helpers: run the real binary on files or stdin and read its report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The result of one citecheck run.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// The stdout parsed as the JSON report.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Codes of every diagnostic in the JSON report, in order.
    pub fn codes(&self) -> Vec<String> {
        diagnostics(&self.json())
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// All diagnostics of all files of a JSON report.
pub fn diagnostics(report: &Value) -> Vec<Value> {
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A fluent builder for one run of the binary.
pub struct Run {
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    dir: Option<PathBuf>,
    env: Vec<(String, String)>,
    online: bool,
}

impl Run {
    pub fn new() -> Run {
        Run {
            args: Vec::new(),
            stdin: None,
            dir: None,
            env: Vec::new(),
            online: false,
        }
    }

    /// Let the run use the network (only tests with local servers do);
    /// every other run is `--offline` through `CITECHECK_OFFLINE`.
    pub fn online(mut self) -> Run {
        self.online = true;
        self
    }

    pub fn arg(mut self, a: impl AsRef<str>) -> Run {
        self.args.push(a.as_ref().to_string());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Run {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(bytes.into());
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Run {
        self.dir = Some(dir.as_ref().to_path_buf());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Run {
        self.env.push((k.to_string(), v.to_string()));
        self
    }

    pub fn run(self) -> Output {
        let mut cmd = Command::cargo_bin("citecheck").expect("the citecheck binary is built");
        cmd.args(&self.args);
        cmd.env_remove("NO_COLOR")
            .env_remove("CITECHECK_FORMAT")
            .env_remove("NO_GRAPHICS")
            .env_remove("CITECHECK_OFFLINE");
        if !self.online {
            cmd.env("CITECHECK_OFFLINE", "1");
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        cmd.write_stdin(self.stdin.unwrap_or_default());
        let out = cmd.output().expect("citecheck runs");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Check a text through the binary's stdin and return the JSON run.
pub fn check_stdin(name: &str, text: &str) -> Output {
    Run::new()
        .args(["--format", "json", "--stdin-filename", name, "-"])
        .stdin(text)
        .run()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed() -> String {
    std::fs::read_to_string(root().join("fixtures/blinken-beijing.txt")).expect("seed fixture")
}
