#!/usr/bin/env bash
# `npm test`: install what is missing (npm dependencies, Envoy, redis-server), build the
# filter and the service, then run every test file with tap: unit, filter-in-Node, Helm
# and end-to-end through real Envoy. Extra arguments go to tap.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh --with-redis
bash scripts/install-helm.sh >/dev/null
npm run --silent build >&2
exec npx tap "$@"
