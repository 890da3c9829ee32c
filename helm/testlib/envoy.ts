// Loads an Envoy bootstrap with the real Envoy binary in --mode validate: the whole config
// is parsed and every extension built (the Wasm filter's VM included, which checks its
// configuration), without binding a port.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILTER_WASM } from './paths.js';
import { envoyBin } from './tools.js';

/** Where the examples expect the filter; the tests put the built one there. */
export const EXAMPLE_WASM_PATH = '/etc/envoy/aegis/aegis_filter.wasm';

export interface ValidateResult {
  readonly ok: boolean;
  readonly output: string;
}

export function builtFilter(): string {
  if (!existsSync(FILTER_WASM)) throw new Error(`${FILTER_WASM} is missing: run \`npm run build:filter\``);
  return FILTER_WASM;
}

/** The example's text with the built filter in place of its deployment path. */
export function withBuiltFilter(yamlText: string): string {
  return yamlText.split(EXAMPLE_WASM_PATH).join(builtFilter());
}

export function validateEnvoyConfig(yamlText: string): ValidateResult {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-envoy-'));
  try {
    const file = join(dir, 'envoy.yaml');
    writeFileSync(file, yamlText);
    const r = spawnSync(envoyBin(), ['--mode', 'validate', '-c', file, '--log-level', 'warn', '--disable-hot-restart'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    const output = `${r.stdout}${r.stderr}`;
    return { ok: r.status === 0 && output.includes(`configuration '${file}' OK`), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
