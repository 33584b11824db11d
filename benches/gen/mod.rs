//! Deterministic news-like articles for the benchmarks, so runs compare.
#![allow(dead_code)]

/// A small deterministic generator (xorshift), so runs are comparable.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// News-like prose: a Zipf-ish vocabulary, capitalised names, numbers,
/// markers on most sentences, some repeated sentences, and a reference list.
pub fn article(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let vocab: Vec<String> = (0..20_000)
        .map(|i| {
            let syllables = [
                "ka", "lo", "mi", "ten", "ra", "vos", "pel", "du", "shi", "an", "ber", "ot",
            ];
            let mut w = String::new();
            let mut n = i + 1;
            while n > 0 {
                w.push_str(syllables[n % syllables.len()]);
                n /= syllables.len();
            }
            w
        })
        .collect();
    let names = [
        "Blinken", "Wang Yi", "Geneva", "Reuters", "Taiwan", "Kai Li", "Vienna", "Qin Gang",
    ];
    let refs = 40;
    let mut out = String::from("Generated Benchmark Article\n\n");
    let mut sentences: Vec<String> = Vec::new();
    while out.len() < bytes {
        for _ in 0..(3 + rng.below(4)) {
            let sentence = if !sentences.is_empty() && rng.below(50) == 0 {
                sentences[rng.below(sentences.len())].clone()
            } else {
                let len = 8 + rng.below(18);
                let mut s = String::new();
                for k in 0..len {
                    // Zipf-like: small indices far more often.
                    let r = rng.below(vocab.len());
                    let idx = (r * r) / vocab.len() / (1 + rng.below(8));
                    let word = if k > 0 && rng.below(12) == 0 {
                        names[rng.below(names.len())].to_string()
                    } else if rng.below(20) == 0 {
                        (rng.below(5000)).to_string()
                    } else {
                        vocab[idx].clone()
                    };
                    if k == 0 {
                        let mut c = word.chars();
                        if let Some(f) = c.next() {
                            s.extend(f.to_uppercase());
                            s.push_str(c.as_str());
                        }
                    } else {
                        s.push(' ');
                        s.push_str(&word);
                    }
                }
                s.push('.');
                sentences.push(s.clone());
                s
            };
            out.push_str(&sentence);
            if rng.below(10) < 8 {
                out.push_str(&format!("[{}]", 1 + rng.below(refs)));
            }
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out.push_str("References\n");
    for i in 1..=refs {
        out.push_str(&format!(
            "{i}. “Report number {i} on the talks” Reuters, 14 Jun. 2023, https://www.reuters.com/world/report-number-{i}-on-the-talks-2023-06-14/\n"
        ));
    }
    out
}
