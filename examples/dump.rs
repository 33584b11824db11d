//! Print the parsed document of a file as JSON, for debugging the parser.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let source = citecheck::source::Source::new(path, text);
    let doc = citecheck::document::parse(&source);
    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
}
