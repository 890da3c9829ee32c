// AEGIS_POLICY_FILE (a file, or a folder of *.yaml / *.yml) → compiled Policy.
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_POLICY_YAML } from './default-policy.js';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { compilePolicy, type PolicySource } from './policy-compile.js';
import { POLICY_SCHEMA } from './policy-schema.js';
import type { Policy, PolicyDocument } from './policy-types.js';
import { compileSchema, parseYamlFile } from './yaml-source.js';

const CODE = AUTHZ_FAILURES.policyInvalid.code;
const validate = compileSchema<PolicyDocument>(POLICY_SCHEMA);

export const EMBEDDED_POLICY_NAME = 'embedded-default';

/** Throws ConfigError naming file, line and field; never returns a half-loaded policy. */
export function loadPolicy(path: string | undefined): Policy {
  if (path === undefined) return compilePolicyText(DEFAULT_POLICY_YAML, `<${EMBEDDED_POLICY_NAME}>`, EMBEDDED_POLICY_NAME);
  const files = policyFiles(path);
  const sources = files.map((file) => parseSource(readText(file), file));
  return compilePolicy(sources, basename(path));
}

export function compilePolicyText(text: string, file: string, label: string): Policy {
  return compilePolicy([parseSource(text, file)], label);
}

/** Policy test files (`aegis policy test`) may sit next to the policy; they are not policy. */
export const TEST_FILE = /(?:_test|\.test)\.ya?ml$/;

/** The files a policy path names: itself, or the YAML files of a folder in name order (test files aside). */
export function policyFiles(path: string): string[] {
  if (!statOrThrow(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((name) => !name.startsWith('.') && /\.ya?ml$/.test(name) && !TEST_FILE.test(name))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new ConfigError(CODE, path, 'no *.yaml or *.yml policy file in this folder');
  return files;
}

function parseSource(text: string, file: string): PolicySource {
  return { file: parseYamlFile(text, file, validate, CODE), text };
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw new ConfigError(CODE, path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(CODE, file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
