#!/usr/bin/env bash
# `npm start`: install what is missing, build, and run the whole stack (scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
npm run --silent build >&2
exec node dist/scripts/start.js
