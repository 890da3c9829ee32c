// The `aegis` bin as users run it: child processes of bin/aegis.js (from the TypeScript
// sources, so a stale dist/ cannot hide a change), exit codes and output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createLogger } from '../src/logger.js';
import { FIXTURES, TEST_DEMO_KEY } from '../test-support/harness.js';

const BIN = fileURLToPath(new URL('../../bin/aegis.js', import.meta.url));
const POLICY_TESTS = join(FIXTURES, 'policy-tests');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function aegis(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', AEGIS_CLI_FROM_SOURCE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

t.test('aegis policy check: exit 0 for good files, 1 naming file:line:col for a bad one, 2 without files', async (t) => {
  const dir = t.testdir({ 'bad.yaml': 'version: 1\ntopics:\n  t:\n    patterns: ["(?=x)"]\n' });
  const run = await aegis(['policy', 'check', join(POLICY_TESTS, 'policy.yaml'), join(dir, 'bad.yaml')]);
  t.equal(run.code, 1);
  t.match(run.stdout, /^ok .*policy\.yaml: policy\.yaml@[0-9a-f]{12} \(4 rules, 2 tenants\)$/m);
  t.match(run.stderr, /authz\.policy_invalid: .*bad\.yaml:4:16: topics\.t\.patterns\[0\]: not a linear-time \(RE2\) pattern/);
  t.equal((await aegis(['policy', 'check', join(POLICY_TESTS, 'policy.yaml')])).code, 0);
  t.equal((await aegis(['policy', 'check'])).code, 2);
});

t.test('aegis policy test: runs the cases, reports each, and fails on a failing case', async (t) => {
  const ok = await aegis(['policy', 'test', POLICY_TESTS]);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /^PASS .*policy_test\.yaml:4:5: an ordinary chat is allowed$/m);
  t.match(ok.stdout, /^8 passed, 0 failed$/m);
  const examples = await aegis(['policy', 'test', fileURLToPath(new URL('../examples', import.meta.url))]);
  t.equal(examples.code, 0, 'the shipped example tests pass');
  t.match(examples.stdout, /^7 passed, 0 failed$/m);
  const dir = t.testdir({
    'more_test.yaml': `policy: ${join(POLICY_TESTS, 'policy.yaml')}\ntests:\n  - name: wrong on purpose\n    request: { tenant: demo, body: { model: gpt-4o-mini, messages: [] } }\n    expect: { decision: deny, code: nope }\n`,
  });
  const failing = await aegis(['policy', 'test', dir]);
  t.equal(failing.code, 1);
  t.match(failing.stdout, /FAIL .*more_test\.yaml:3:5: wrong on purpose\n {2}decision: expected "deny", got "allow"\n {2}code: expected "nope", got null/);
  t.match(failing.stdout, /^0 passed, 1 failed$/m);
});

t.test('aegis eval: the decision on one request, offline, with its rules and reasons', async (t) => {
  const dir = t.testdir({ 'req.json': JSON.stringify({ tenant: 'demo', body: { model: 'gpt-4o-mini', max_tokens: 9000, messages: [] } }) });
  const run = await aegis(['eval', '--policy', join(POLICY_TESTS, 'policy.yaml'), '--request', join(dir, 'req.json')]);
  t.equal(run.code, 0, run.stderr);
  t.match(JSON.parse(run.stdout), { decision: 'deny', status: 400, code: 'policy.cap_max_tokens', message: 'max_tokens above 4096', rules: ['policy.cap_max_tokens'], reasons: { 'policy.cap_max_tokens': 'max_tokens above 4096' }, tenant: 'demo', policy_version: /^policy\.yaml@/ });
  const fixture = join(FIXTURES, 'check-requests', 'model-not-allowed.json');
  const viaKey = await aegis(['eval', '--request', fixture, '--dry-run'], { AEGIS_DEMO_KEY: TEST_DEMO_KEY });
  t.match(JSON.parse(viaKey.stdout), { decision: 'dry-run-deny', code: 'authz.model_not_allowed', tenant: 'demo', identity: 'api_key' }, 'a CheckRequest fixture, authenticated with the demo key');
  t.equal((await aegis(['eval'])).code, 2);
});

t.test('aegis audit verify: exit 0 on an intact log, 1 naming the first altered line', async (t) => {
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => void lines.push(s) }, { worker: 3 });
  for (let i = 0; i < 5; i++) log.info({ event: 'decision', request_id: `r${i}`, decision: 'allow' }, 'decision');
  const dir = t.testdir({ 'good.log': lines.join(''), 'bad.log': lines.join('').replace('"request_id":"r2","decision":"allow"', '"request_id":"r2","decision":"deny"') });
  const good = await aegis(['audit', 'verify', join(dir, 'good.log')]);
  t.equal(good.code, 0);
  t.match(good.stdout, /good\.log: ok, 5 lines in 1 chain\(s\)/);
  const bad = await aegis(['audit', 'verify', join(dir, 'good.log'), join(dir, 'bad.log')]);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /bad\.log:3: first problem: altered/);
  t.equal((await aegis(['audit', 'verify', join(dir, 'missing.log')])).code, 2);
});
