// Policy test cases in YAML, run offline against a policy, the way `opa test` runs Rego tests:
//
//   policy: ../policy.yaml            # relative to this file (or a folder); else --policy
//   tests:
//     - name: demo may not use gpt-4
//       request: { tenant: demo, body: { model: gpt-4, messages: [] } }
//       expect: { decision: deny, code: authz.model_not_allowed, status: 403 }
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decide, decideMalformed, type DecisionContext } from './decide.js';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { REQUEST_SCHEMA, summarize, toEvalRequest, type DecisionSummary, type RequestDocument } from './eval-request.js';
import { createKeyStore } from './key-store.js';
import { loadPolicy, TEST_FILE } from './policy-loader.js';
import { compileSchema, parseYamlFile, type YamlFile } from './yaml-source.js';

const CODE = AUTHZ_FAILURES.policyTestInvalid.code;

interface Expectation {
  decision: 'allow' | 'deny' | 'flag' | 'dry-run-deny';
  status?: number;
  code?: string;
  message?: string;
  rules?: string[];
  monitored?: string[];
}

interface TestFile {
  policy?: string;
  dry_run?: boolean;
  require_filter?: boolean;
  tests: { name: string; request: RequestDocument; expect: Expectation }[];
}

const validate = compileSchema<TestFile>({
  type: 'object',
  additionalProperties: false,
  required: ['tests'],
  properties: {
    policy: { type: 'string', minLength: 1 },
    dry_run: { type: 'boolean' },
    require_filter: { type: 'boolean' },
    tests: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'request', 'expect'],
        properties: {
          name: { type: 'string', minLength: 1 },
          request: REQUEST_SCHEMA,
          expect: {
            type: 'object',
            additionalProperties: false,
            required: ['decision'],
            properties: {
              decision: { enum: ['allow', 'deny', 'flag', 'dry-run-deny'] },
              status: { type: 'integer' },
              code: { type: 'string' },
              message: { type: 'string' },
              rules: { type: 'array', items: { type: 'string' } },
              monitored: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
});

export interface CaseResult {
  /** `file:line:col` of the case. */
  readonly where: string;
  readonly name: string;
  /** Empty when the case passed. */
  readonly failures: readonly string[];
}

/** Test files under the paths (folders searched recursively, dot folders and node_modules skipped). */
export function findTestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (statSync(path).isDirectory() ? walk(path) : [path]));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : TEST_FILE.test(e.name) ? [join(dir, e.name)] : []));
}

/** Runs one file's cases; throws ConfigError when the file or its policy is invalid. */
export function runTestFile(file: string, policyOverride?: string): CaseResult[] {
  const parsed = parseYamlFile(readFileSync(file, 'utf8'), file, validate, CODE);
  const policy = loadPolicy(policyPathOf(parsed, file, policyOverride));
  const ctx: DecisionContext = { keys: createKeyStore([]), policy, requireFilter: parsed.value.require_filter ?? true, dryRun: parsed.value.dry_run ?? false };
  return parsed.value.tests.map((test, i) => ({ where: parsed.at(['tests', i]), name: test.name, failures: compare(test.expect, evaluate(test.request, ctx, `test-${i}`)) }));
}

function policyPathOf(parsed: YamlFile<TestFile>, file: string, override: string | undefined): string {
  if (override) return override;
  if (!parsed.value.policy) throw new ConfigError(CODE, file, 'policy: name the policy file or folder (relative to this file), or pass --policy');
  return resolve(dirname(file), parsed.value.policy);
}

export function evaluate(doc: RequestDocument, ctx: DecisionContext, requestId: string): DecisionSummary {
  const request = toEvalRequest(doc, requestId);
  if (!request) return summarize(decideMalformed(requestId, ctx), ctx.policy.ruleReasons);
  return summarize(decide(request.input, request.identity ? { ...ctx, identity: request.identity } : ctx), ctx.policy.ruleReasons);
}

function compare(expect: Expectation, got: DecisionSummary): string[] {
  const failures: string[] = [];
  const check = (field: string, want: unknown, have: unknown): void => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(have)) failures.push(`${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
  };
  check('decision', expect.decision, got.decision);
  check('status', expect.status, got.status);
  check('code', expect.code, got.code);
  check('rules', expect.rules, got.rules);
  check('monitored', expect.monitored, got.monitored);
  if (expect.message !== undefined && !(got.message ?? '').includes(expect.message)) failures.push(`message: expected to contain ${JSON.stringify(expect.message)}, got ${JSON.stringify(got.message)}`);
  return failures;
}
