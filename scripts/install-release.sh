#!/usr/bin/env bash
# Install a released citecheck binary without a compiler: download the
# archive for this machine, check its SHA-256, put `citecheck` in DEST.
#   scripts/install-release.sh [VERSION] [DEST]
# VERSION defaults to the latest release; CITECHECK_RELEASES overrides where
# releases are downloaded from (a mirror, or a test server).
set -euo pipefail
version=${1:-latest}
dest=${2:-$HOME/.local/bin}
base=${CITECHECK_RELEASES:-https://github.com/citecheck/citecheck/releases}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) echo "citecheck: no release binary for $(uname -s) $(uname -m); build it with cargo install" >&2; exit 1 ;;
esac
if [ "$version" = latest ]; then
  # GitHub answers /releases/latest with a redirect to /releases/tag/vX.Y.Z.
  tag=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$base/latest")
  version=${tag##*/v}
fi
version=${version#v}
ext=tar.gz
case "$target" in *windows*) ext=zip ;; esac
archive="citecheck-${version}-${target}.${ext}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL -o "$tmp/$archive" "$base/download/v${version}/${archive}"
curl -fsSL -o "$tmp/$archive.sha256" "$base/download/v${version}/${archive}.sha256"
(cd "$tmp" && { sha256sum -c "$archive.sha256" >/dev/null 2>&1 || shasum -a 256 -c "$archive.sha256" >/dev/null; }) \
  || { echo "citecheck: checksum mismatch for $archive" >&2; exit 1; }
case "$ext" in
  zip) (cd "$tmp" && unzip -q "$archive") ;;
  *) tar -C "$tmp" -xzf "$tmp/$archive" ;;
esac
mkdir -p "$dest"
exe=citecheck
[ "$ext" = zip ] && exe=citecheck.exe
install -m 755 "$tmp/citecheck-${version}-${target}/$exe" "$dest/$exe"
echo "installed $("$dest/$exe" --version) to $dest/$exe"
