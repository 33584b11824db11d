//! `--diff`: what `--fix` would change in a file, as a unified diff (by
//! `similar`, the diff library insta is built on).

/// The unified diff from `before` to `after` under `a/PATH` and `b/PATH`,
/// three lines of context; empty when they are equal. Line endings are
/// kept as they are, so a CRLF file's diff lines end in CRLF.
pub fn unified(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let path = path.trim_start_matches("./").trim_start_matches('/');
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_changed_lines_with_their_context() {
        let out = unified("a.txt", "one [2]\ntwo\n", "one [1]\ntwo\n");
        assert!(
            out.starts_with("--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n"),
            "{out}"
        );
        assert!(out.contains("-one [2]\n+one [1]\n two\n"), "{out}");
        assert_eq!(unified("a.txt", "same", "same"), "");
    }
}
