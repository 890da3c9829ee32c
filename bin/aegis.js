#!/usr/bin/env node
// The `aegis` command line. Runs the compiled CLI from dist/ when built, otherwise (or with
// AEGIS_CLI_FROM_SOURCE=1, as the tests do) the TypeScript sources through tsx (a dev dependency).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'ext-authz', 'src', 'cli.js');

async function loadCli() {
  if (existsSync(compiled) && process.env.AEGIS_CLI_FROM_SOURCE !== '1') return import(pathToFileURL(compiled).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'ext-authz', 'src', 'cli.ts')).href);
}

const { runCli } = await loadCli();
const io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  stdin: () => (process.stdin.isTTY ? '' : readFileSync(0, 'utf8')),
};
process.exitCode = await runCli(process.argv.slice(2), io);
