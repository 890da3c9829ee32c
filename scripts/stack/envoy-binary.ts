// Where the pinned Envoy binary is: AEGIS_ENVOY_BIN, else what scripts/install-tools.sh
// recorded in .tools/envoy-path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export function envoyBinary(): string {
  const fromEnv = process.env.AEGIS_ENVOY_BIN;
  if (fromEnv) return fromEnv;
  const recorded = join(repoRoot, '.tools', 'envoy-path');
  if (existsSync(recorded)) {
    const path = readFileSync(recorded, 'utf8').trim();
    if (existsSync(path)) return path;
  }
  throw new Error('Envoy is not installed: run `npm run install:tools` (or set AEGIS_ENVOY_BIN)');
}
