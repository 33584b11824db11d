#!/usr/bin/env python3
"""FreshWiki: of the sentences the JSON says carry a citation, how many a CC101
span overlaps (the "no rise" check of the README accuracy table).

Usage: freshwiki-cited-cc101.py BIN [FRESHWIKI_DIR] [-v]  (standard library only)"""
import json, os, re, subprocess, sys
D = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("-") else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "freshwiki")
bin_ = sys.argv[1]
verbose = "-v" in sys.argv
names = sorted(f[:-5] for f in os.listdir(D + "/json"))
files = [f"{D}/txt/{n}.txt" for n in names]
p = subprocess.run([bin_, "--format", "json", "--offline", "--fail-on", "never", "--no-config", *files], capture_output=True)
rep = {os.path.basename(f["path"]): f for f in json.loads(p.stdout)["files"]}
tot = hit = uncited_tot = uncited_hit = 0
def walk(secs):
    for s in secs:
        yield from s.get("section_content", [])
        yield from walk(s.get("subsections", []))
for n in names:
    raw = open(f"{D}/txt/{n}.txt", encoding="utf-8").read()
    b = raw.encode()
    # stripped text (no markers, collapsed whitespace) with map to byte offsets
    chars, offs = [], []
    text = raw
    i = 0
    bpos = 0
    pos_b = []
    acc = 0
    for ch in raw:
        pos_b.append(acc); acc += len(ch.encode())
    pos_b.append(acc)
    i = 0
    prev_space = False
    while i < len(raw):
        m = re.match(r" ?\[\d+(?:[,–-]\s*\d+)*\]", raw[i:])
        if m:
            i += m.end(); continue
        ch = raw[i]
        if ch.isspace():
            if not prev_space:
                chars.append(" "); offs.append(pos_b[i])
            prev_space = True
        else:
            chars.append(ch); offs.append(pos_b[i]); prev_space = False
        i += 1
    stripped = "".join(chars)
    spans = [(d["span"]["start"], d["span"]["end"]) for d in rep.get(n + ".txt", {}).get("diagnostics", []) if d["code"] == "CC101"]
    d = json.load(open(f"{D}/json/{n}.json"))
    for s in walk(d["content"]):
        t = " ".join(s["sentence"].split())
        t = re.sub(r" ?\[\d+\]", "", t)
        k = stripped.find(t)
        if k < 0:
            k = stripped.find(t[:60])
            if k < 0: continue
            L = min(len(t), len(stripped) - k)
        else:
            L = len(t)
        a, e = offs[k], offs[min(k + L, len(offs)) - 1] + 1
        h = any(x < e and a < y for x, y in spans)
        if s["refs"]:
            tot += 1; hit += h
            if h and verbose: print("CITED FLAG", n, t[:120])
        else:
            uncited_tot += 1; uncited_hit += h
print(f"freshwiki cited sentences with CC101: {hit}/{tot}; uncited sentences with CC101: {uncited_hit}/{uncited_tot}")
