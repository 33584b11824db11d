#!/usr/bin/env bash
# Package a built citecheck for a release: citecheck-VERSION-TARGET.tar.gz
# (zip on Windows) with the binary, README and licences, and its .sha256.
# Used by .github/workflows/release.yml; runs the same on a developer machine:
#   cargo build --release && scripts/package-release.sh x86_64-unknown-linux-gnu target/release dist
set -euo pipefail
target=${1:?target triple}
bin_dir=${2:?directory holding the built binary}
out_dir=${3:-dist}
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="citecheck-${version}-${target}"
exe=citecheck
case "$target" in *windows*) exe=citecheck.exe ;; esac
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out_dir"
cp "$bin_dir/$exe" README.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"
case "$target" in
  *windows*)
    archive="$name.zip"
    (cd "$stage" && 7z a -tzip "$archive" "$name" >/dev/null 2>&1 || zip -qr "$archive" "$name")
    ;;
  *)
    archive="$name.tar.gz"
    tar -C "$stage" -czf "$stage/$archive" "$name"
    ;;
esac
mv "$stage/$archive" "$out_dir/"
(cd "$out_dir" && { sha256sum "$archive" 2>/dev/null || shasum -a 256 "$archive"; } > "$archive.sha256")
echo "$out_dir/$archive"
