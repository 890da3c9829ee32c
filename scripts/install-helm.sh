#!/usr/bin/env bash
# Install a pinned Helm v3 into the git-ignored .tools/bin, built from its Go module.
#
# Helm comes from the Go module proxy, as every tool of this project comes from its ordinary
# package registry (DESIGN.md); no release tarball is downloaded. Idempotent: when
# .tools/bin/helm is the pinned version built by this recipe, nothing is rebuilt.
# Prints the path of the binary on stdout (and only that), so callers can do
#   HELM="$(bash scripts/install-helm.sh)"
# Building takes about two minutes on two cores (Go 1.24 or newer).
set -euo pipefail

HELM_VERSION="${AEGIS_HELM_VERSION:-v3.22.0}"
# Bump when the build recipe below changes, so that existing installs are rebuilt.
RECIPE=2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$ROOT/.tools/bin"
HELM_BIN="$BIN_DIR/helm"
STAMP="$BIN_DIR/.helm-build"
MODULE="helm.sh/helm/v3"

log() { echo "install-helm: $*" >&2; }

installed_ok() {
  [[ -x "$HELM_BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$HELM_VERSION recipe=$RECIPE" ]] &&
    [[ "$("$HELM_BIN" version --template '{{.Version}}' 2>/dev/null)" == "$HELM_VERSION" ]]
}

# The Kubernetes version Helm assumes without a cluster (`helm template`, `helm lint`), as
# Helm's own Makefile sets it: client-go v0.X.Y means Kubernetes 1.X. A plain `go install`
# would leave Helm's fallback of 1.20, older than this chart's kubeVersion.
kube_version_ldflags() {
  local gomod client_go minor
  gomod="$(go mod download -json "$MODULE@$HELM_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' "$gomod")"
  minor="$(echo "$client_go" | cut -d. -f2)"
  [[ "$minor" =~ ^[0-9]+$ ]] || { log "cannot read the k8s.io/client-go version from $gomod"; exit 1; }
  local flags=""
  for pkg in pkg/lint/rules pkg/chartutil; do
    flags+=" -X $MODULE/$pkg.k8sVersionMajor=1 -X $MODULE/$pkg.k8sVersionMinor=$minor"
  done
  echo "$flags"
}

if installed_ok; then
  log "helm $HELM_VERSION already installed"
  echo "$HELM_BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "the Go toolchain is missing; install Go 1.24 or newer first"; exit 1; }

mkdir -p "$BIN_DIR"
log "building helm $HELM_VERSION with $(go version | cut -d' ' -f3) (about two minutes)"
# The version ldflags are the ones Helm's Makefile sets; without them `helm version` would
# report only the minor version.
ldflags="-s -w -X $MODULE/internal/version.version=$HELM_VERSION -X $MODULE/internal/version.gitTreeState=clean"
ldflags+="$(kube_version_ldflags)"
GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -ldflags "$ldflags" "$MODULE/cmd/helm@$HELM_VERSION"

got="$("$HELM_BIN" version --template '{{.Version}}' 2>/dev/null || true)"
if [[ "$got" != "$HELM_VERSION" ]]; then
  log "the built helm reports '$got', expected $HELM_VERSION"
  exit 1
fi
echo "$HELM_VERSION recipe=$RECIPE" > "$STAMP"
log "installed helm $got"
echo "$HELM_BIN"
