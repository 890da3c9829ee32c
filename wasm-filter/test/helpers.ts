// Shared test helpers: the release artefact through the Node proxy-wasm host.
import { existsSync } from 'node:fs';
import { DEFAULT_WASM, ProxyWasmHost, type HostOptions } from '../host/index.js';

export const WASM = DEFAULT_WASM;

if (!existsSync(WASM)) {
  throw new Error(`${WASM} is missing: run \`npm run build:filter\` before the filter tests`);
}

export function load(opts: HostOptions = {}): Promise<ProxyWasmHost> {
  return ProxyWasmHost.load({ wasm: WASM, ...opts });
}

/** An OpenAI chat completions body with one user message. */
export function chat(content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content }], ...extra };
}

export interface ErrorJson {
  error: { message: string; type: string; code: string; param: null; request_id: string };
}
