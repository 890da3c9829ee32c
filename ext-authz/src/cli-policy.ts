// `aegis policy check` and `aegis policy test`, and the older `aegis validate`.
import { existsSync } from 'node:fs';
import { type Io, option, positional } from './cli-args.js';
import { ConfigError } from './errors.js';
import { loadKeysFile } from './keys-file.js';
import { loadPolicy } from './policy-loader.js';
import { findTestFiles, runTestFile, type CaseResult } from './policy-test.js';

/** Each path (a file, or a folder merged as the service merges it) is one policy. Exit 1 if any is invalid. */
export function policyCheck(args: readonly string[], io: Io): number {
  const paths = positional(args, []);
  if (paths.length === 0) {
    io.err('usage: aegis policy check <file|folder>...');
    return 2;
  }
  let failed = 0;
  for (const path of paths) {
    try {
      const policy = loadPolicy(path);
      io.out(`ok ${path}: ${policy.version} (${policy.rules.length} rules, ${policy.tenants.size} tenants)`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.err(`${err.code}: ${err.message}`);
      failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

/** Runs every `*_test.yaml` / `*.test.yaml` under the paths; exit 1 when a case fails or a file is invalid. */
export function policyTest(args: readonly string[], io: Io): number {
  const paths = positional(args, ['--policy']);
  if (paths.length === 0 || paths.some((p) => !existsSync(p))) {
    io.err('usage: aegis policy test <dir|file>... [--policy <path>]');
    return 2;
  }
  const files = findTestFiles(paths);
  if (files.length === 0) {
    io.err(`no test files (*_test.yaml, *.test.yaml) under ${paths.join(', ')}`);
    return 1;
  }
  const results: CaseResult[] = [];
  let broken = 0;
  for (const file of files) {
    try {
      results.push(...runTestFile(file, option(args, '--policy')));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.err(`ERROR ${err.code}: ${err.message}`);
      broken += 1;
    }
  }
  return report(results, broken, io);
}

function report(results: readonly CaseResult[], broken: number, io: Io): number {
  for (const r of results) {
    if (r.failures.length === 0) io.out(`PASS ${r.where}: ${r.name}`);
    else io.out(`FAIL ${r.where}: ${r.name}\n${r.failures.map((f) => `  ${f}`).join('\n')}`);
  }
  const failed = results.filter((r) => r.failures.length > 0).length;
  io.out(`${results.length - failed} passed, ${failed} failed${broken > 0 ? `, ${broken} file(s) invalid` : ''}`);
  return failed === 0 && broken === 0 ? 0 : 1;
}

/** `aegis validate [--policy P] [--keys K]`: the service's view of both files. */
export function validate(args: readonly string[], io: Io): number {
  const policy = loadPolicy(option(args, '--policy'));
  io.out(`policy ok: ${policy.version} (${policy.rules.length} rules, ${policy.tenants.size} tenants)`);
  const keysPath = option(args, '--keys');
  if (keysPath) io.out(`keys ok: ${loadKeysFile(keysPath).length} keys`);
  return 0;
}
