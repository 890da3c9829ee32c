#!/usr/bin/env bash
# Installs the bench's peer, OPA's Envoy plugin (opa-envoy-plugin), into the git-ignored
# .tools/bin, built with Go from its Go module at a pinned version. Idempotent: a binary
# stamped with the pinned version is kept. The build is heavy (several minutes on 2 cores);
# the bench runs without it and reports "peer not installed: <why>" in the peer row.
#
#   bash bench/install-peer.sh
#   AEGIS_PEER_VERSION=v1.12.0-envoy bash bench/install-peer.sh
#
# Why not a bare `go install …@version`: it also asks the module proxy for the module's
# version list (to look for a deprecation notice), which the proxy here refuses (403), and
# the checksum database does not answer for the module's `-envoy` tags (404). So the
# module is downloaded at the pinned version (unverified by the checksum database, hence
# GONOSUMDB for this one module), and built as the main module in a copy of that tree:
# every dependency is still verified against the module's own go.sum and its replace
# directives apply — the same binary `go install` would produce.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${AEGIS_PEER_VERSION:-v1.12.0-envoy}"
MODULE=github.com/open-policy-agent/opa-envoy-plugin
BIN_DIR="$PWD/.tools/bin"
BIN="$BIN_DIR/opa-envoy-plugin"
STAMP="$BIN_DIR/opa-envoy-plugin.version"

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "opa-envoy-plugin $VERSION already installed at $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed: cannot build the OPA peer (needs Go 1.24+)" >&2
  exit 2
fi
mkdir -p "$BIN_DIR"
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}$MODULE"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
echo "downloading $MODULE@$VERSION…"
SRC="$(cd /tmp && go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$SRC" ] || [ ! -d "$SRC" ]; then
  echo "could not download $MODULE@$VERSION from the Go module proxy" >&2
  exit 3
fi
WORK="$(mktemp -d /tmp/aegis-peer-build.XXXXXX)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cp -r "$SRC/." "$WORK/"
chmod -R u+w "$WORK"
echo "building $MODULE@$VERSION into $BIN_DIR (several minutes on 2 cores)…"
# -p=1: one package at a time, and nice, so the machine stays usable while it builds.
(cd "$WORK" && nice -n 10 go build -p=1 -trimpath -ldflags "-X github.com/open-policy-agent/opa/version.Version=${VERSION}" -o "$BIN.tmp" ./cmd/opa-envoy-plugin)
mv "$BIN.tmp" "$BIN"
echo "$VERSION" > "$STAMP"
"$BIN" version 2>/dev/null | head -3 || true
