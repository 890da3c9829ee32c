// `aegis` command line: hash a key, validate policy and keys files, send a CheckRequest.
import { readFileSync } from 'node:fs';
import { createAuthzClient } from './client.js';
import { ConfigError } from './errors.js';
import { sha256 } from './key-store.js';
import { loadKeysFile } from './keys-file.js';
import { loadPolicy } from './policy-loader.js';
import type { CheckRequest } from './wire-types.js';

export const USAGE = `usage:
  aegis hash-key <key>                  print the sha256 to put in a keys file (or read the key from stdin)
  aegis validate [--policy <path>] [--keys <file>]
                                        check policy and keys files as the service would load them
  aegis check <request.json> [--addr host:port]
                                        send a CheckRequest (JSON) to a running service and print the answer`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin(): string;
}

/** Runs one command; returns the exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'hash-key') return hashKey(rest, io);
    if (command === 'validate') return validate(rest, io);
    if (command === 'check') return await check(rest, io);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`${err.code}: ${err.message}`);
    return 1;
  }
  io.err(USAGE);
  return 2;
}

function hashKey(args: readonly string[], io: Io): number {
  const key = (args[0] ?? io.stdin()).trim();
  if (!key) {
    io.err('no key given');
    return 2;
  }
  io.out(sha256(key).toString('hex'));
  return 0;
}

function validate(args: readonly string[], io: Io): number {
  const policyPath = option(args, '--policy');
  const keysPath = option(args, '--keys');
  const policy = loadPolicy(policyPath);
  io.out(`policy ok: ${policy.version} (${policy.rules.length} rules, ${policy.tenants.size} tenants)`);
  if (keysPath) io.out(`keys ok: ${loadKeysFile(keysPath).length} keys`);
  return 0;
}

async function check(args: readonly string[], io: Io): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!file) {
    io.err(USAGE);
    return 2;
  }
  const { _curl: _c, _note: _n, ...request } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const client = createAuthzClient(option(args, '--addr') ?? '127.0.0.1:9191');
  try {
    io.out(JSON.stringify(await client.check(request as CheckRequest), null, 2));
    return 0;
  } finally {
    client.close();
  }
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}
