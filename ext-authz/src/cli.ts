// `aegis` command line: dispatches to one command and returns its exit code
// (0 ok, 1 the checked thing is invalid or failed, 2 usage).
import { readFileSync } from 'node:fs';
import { type Io, option, positional } from './cli-args.js';
import { auditVerify } from './cli-audit.js';
import { evalCommand } from './cli-eval.js';
import { policyCheck, policyTest, validate } from './cli-policy.js';
import { createAuthzClient } from './client.js';
import { ConfigError } from './errors.js';
import { sha256 } from './key-store.js';
import type { CheckRequest } from './wire-types.js';

export type { Io } from './cli-args.js';

export const USAGE = `usage:
  aegis policy check <file|folder>...   validate policies as the service loads them (exit 1 on an error)
  aegis policy test <dir|file>... [--policy <path>]
                                        run policy test cases (*_test.yaml), like opa test
  aegis eval --request <file> [--policy <path>] [--keys <file>] [--dry-run] [--no-require-filter]
                                        the decision on one request, offline, with the rules that fired
  aegis audit verify <log file>...      check the hash chain of decision logs; names the first altered line
  aegis hash-key <key>                  print the sha256 to put in a keys file (or read the key from stdin)
  aegis validate [--policy <path>] [--keys <file>]
                                        check policy and keys files as the service would load them
  aegis check <request.json> [--addr host:port]
                                        send a CheckRequest (JSON) to a running service and print the answer`;

type Command = (args: readonly string[], io: Io) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  'policy check': policyCheck,
  'policy test': policyTest,
  'audit verify': auditVerify,
  eval: evalCommand,
  'hash-key': hashKey,
  validate,
  check,
};

/** Runs one command; returns the exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const [first = '', second = ''] = args;
  const two = COMMANDS[`${first} ${second}`];
  const command = two ?? COMMANDS[first];
  if (!command) {
    io.err(USAGE);
    return 2;
  }
  try {
    return await command(args.slice(two ? 2 : 1), io);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`${err.code}: ${err.message}`);
    return 1;
  }
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

async function check(args: readonly string[], io: Io): Promise<number> {
  const file = positional(args, ['--addr'])[0];
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
