// `aegis eval --policy P --request R.json`: the decision on one request, offline, with the
// rules that fired and why. The request is a hand-written request (see eval-request.ts) or a
// CheckRequest fixture; without `tenant` it is authenticated with --keys / AEGIS_DEMO_KEY.
import { readFileSync } from 'node:fs';
import { type Io, flag, option } from './cli-args.js';
import type { DecisionContext } from './decide.js';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { REQUEST_SCHEMA, type RequestDocument } from './eval-request.js';
import { createKeyStore, type KeyEntry } from './key-store.js';
import { demoKeyEntry, loadKeysFile } from './keys-file.js';
import { loadPolicy } from './policy-loader.js';
import { evaluate } from './policy-test.js';
import { compileSchema, parseYamlFile } from './yaml-source.js';

const validateRequest = compileSchema<RequestDocument>(REQUEST_SCHEMA);

export function evalCommand(args: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): number {
  const requestFile = option(args, '--request');
  if (!requestFile) {
    io.err('usage: aegis eval --request <request.json|yaml> [--policy <path>] [--keys <file>] [--dry-run] [--no-require-filter]');
    return 2;
  }
  const policy = loadPolicy(option(args, '--policy'));
  const doc = parseYamlFile(readText(requestFile), requestFile, validateRequest, AUTHZ_FAILURES.policyTestInvalid.code).value;
  const ctx: DecisionContext = { keys: createKeyStore(keyEntries(option(args, '--keys'), env)), policy, requireFilter: !flag(args, '--no-require-filter'), dryRun: flag(args, '--dry-run') };
  io.out(JSON.stringify({ ...evaluate(doc, ctx, 'eval'), policy_version: policy.version }, null, 2));
  return 0;
}

function keyEntries(keysFile: string | undefined, env: NodeJS.ProcessEnv): KeyEntry[] {
  const entries = keysFile ? loadKeysFile(keysFile) : [];
  const demo = env['AEGIS_DEMO_KEY']?.trim();
  if (demo) entries.push(demoKeyEntry(demo));
  return entries;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(AUTHZ_FAILURES.policyTestInvalid.code, file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
