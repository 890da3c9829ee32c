// Policy files: schema errors with file, line and field; folders; hot reload keeping the last good policy.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { loadPolicy } from '../src/policy-loader.js';
import { headerMap, loadCheckRequest, startTestServer } from '../test-support/harness.js';

const GOOD = `version: 1
tenants:
  demo:
    models: [gpt-4o-mini]
rules:
  - name: deny_tools
    action: deny
    when: { tools: true }
`;

t.test('the embedded default policy loads and names its version', async (t) => {
  const policy = loadPolicy(undefined);
  t.match(policy.version, /^embedded-default@[0-9a-f]{12}$/);
  t.same(policy.rules.map((r) => r.id), ['policy.deny_prompt_injection', 'policy.deny_secrets', 'policy.flag_findings_overflow', 'policy.deny_banned_topics', 'policy.deny_tool_use']);
  t.ok(policy.tenants.get('demo')?.models?.('gpt-4o-mini'));
});

t.test('a policy file error names the file, line, column and field', async (t) => {
  const dir = t.testdir({});
  const table: [string, RegExp][] = [
    [`version: 2\n`, /p\.yaml:1:10: version: must be equal to constant/],
    [`version: 1\nrules:\n  - name: r\n    action: block\n`, /p\.yaml:4:13: rules\[0\]\.action: must be one of allow, deny, flag/],
    [`version: 1\nrules:\n  - name: r\n    action: deny\n    when:\n      model: [x]\n`, /p\.yaml:6:7: rules\[0\]\.when\.model: unknown field/],
    [`version: 1\nrules:\n  - name: r\n    action: flag\n    status: 400\n`, /p\.yaml:5:5: rules\[0\]\.status: only a deny rule has a status/],
    [`version: 1\nrules:\n  - name: r\n    action: deny\n  - name: r\n    action: deny\n`, /p\.yaml:5:5: rules\[1\]\.name: "r" already defined at .*p\.yaml:3:5/],
    [`version: 1\ntenants:\n  Demo Tenant: {}\n`, /p\.yaml:\d+:\d+: tenants/],
    [`version: 1\nrules: [\n`, /p\.yaml:\d+:\d+: /],
    [`version: 1\nversion: 1\n`, /p\.yaml:2:1: Map keys must be unique/],
  ];
  for (const [text, message] of table) {
    writeFileSync(join(dir, 'p.yaml'), text);
    t.throws(() => loadPolicy(join(dir, 'p.yaml')), { code: 'authz.policy_invalid', message }, message.source);
  }
});

t.test('a folder of policy files merges in name order and rejects conflicts', async (t) => {
  const dir = t.testdir({
    '10-tenants.yaml': `version: 1\ntenants:\n  demo:\n    models: [gpt-4o-mini]\n`,
    '20-rules.yml': `version: 1\nrules:\n  - name: deny_tools\n    action: deny\n    when: { tools: true }\n`,
    'README.md': 'not a policy',
    'rules_test.yaml': 'tests: [] # a policy test file, not policy',
    '.hidden.yaml': 'not: valid',
  });
  const policy = loadPolicy(dir);
  t.same(policy.rules.map((r) => r.id), ['policy.deny_tools']);
  t.ok(policy.tenants.has('demo'));
  writeFileSync(join(dir, '30-more.yaml'), `version: 1\ntenants:\n  demo: {}\n`);
  t.throws(() => loadPolicy(dir), { message: /30-more\.yaml:3:3: tenants\.demo: already defined at .*10-tenants\.yaml:3:3/ });
  t.throws(() => loadPolicy(t.testdir({})), { message: /no \*\.yaml or \*\.yml policy file/ });
});

t.test('a bad policy file fails start-up', async (t) => {
  const dir = t.testdir({ 'p.yaml': 'version: 1\nrules: 3\n' });
  await t.rejects(startTestServer(t, { AEGIS_POLICY_FILE: join(dir, 'p.yaml') }), { code: 'authz.policy_invalid', message: /p\.yaml:2:8: rules: must be array/ });
});

t.test('hot reload applies a good edit, keeps the last good policy on a bad one, and health says so', async (t) => {
  const dir = t.testdir({ 'p.yaml': GOOD });
  const file = join(dir, 'p.yaml');
  const { client, admin, server, logs } = await startTestServer(t, { AEGIS_POLICY_FILE: file, AEGIS_RELOAD_INTERVAL_MS: '50' });
  const first = server.policyVersion();
  t.match(first, /^p\.yaml@/);
  t.equal(headerMap((await client.check(loadCheckRequest('allowed-chat'))).ok_response?.headers)['x-aegis-decision'], 'allow');

  writeFileSync(file, GOOD.replace('[gpt-4o-mini]', '[gpt-4o]'));
  await waitFor(() => server.policyVersion() !== first);
  t.equal((await client.check(loadCheckRequest('allowed-chat'))).denied_response?.body.includes('authz.model_not_allowed'), true, 'the edit applies');
  const second = server.policyVersion();

  writeFileSync(file, 'version: 1\nrules:\n  - name: broken\n    action: explode\n');
  await waitFor(() => logs.some((l) => l['event'] === 'reload_failed'));
  t.equal(server.policyVersion(), second, 'the last good policy stays');
  const health = (await (await fetch(`${admin}/api/v1/health`)).json()) as Record<string, unknown>;
  t.match(health, { status: 'degraded', policy_version: second, reload_errors: [/p\.yaml:4:13: rules\[0\]\.action/] });
  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  t.match(metrics, /^aegis_policy_reload_total\{source="policy",result="failure"\} 1$/m);
  t.match(metrics, /^aegis_policy_reload_total\{source="policy",result="success"\} 2$/m);

  writeFileSync(file, GOOD);
  t.equal(server.reload('test'), true, 'an explicit reload (what SIGHUP does) succeeds');
  t.match(await (await fetch(`${admin}/api/v1/health`)).json(), { status: 'ok', reload_errors: [] });
});

t.test('the keys file is hot reloaded too', async (t) => {
  const dir = t.testdir({ 'keys.yaml': 'keys: []\n' });
  const file = join(dir, 'keys.yaml');
  const { client, server } = await startTestServer(t, { AEGIS_KEYS_FILE: file, AEGIS_DEMO_KEY: '' });
  t.ok((await client.check(loadCheckRequest('allowed-chat'))).denied_response, 'the test demo key is not configured');
  const { createHash } = await import('node:crypto');
  const digest = createHash('sha256').update('aegis-test-demo-key-0001').digest('hex');
  writeFileSync(file, `keys:\n  - id: ci\n    tenant: team-b\n    sha256: ${digest}\n`);
  t.equal(server.reload('test'), true);
  const res = await client.check(loadCheckRequest('allowed-chat'));
  t.equal(headerMap(res.ok_response?.headers)['x-aegis-tenant'], 'team-b');
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(25);
  }
}

t.test('the example policy and keys files load', async (t) => {
  const { loadKeysFile } = await import('../src/keys-file.js');
  const { createKeyStore } = await import('../src/key-store.js');
  const examples = new URL('../examples/', import.meta.url);
  const policy = loadPolicy(new URL('policy.yaml', examples).pathname);
  t.equal(policy.rules.length, 8);
  t.ok(policy.needsPromptTokens);
  const keys = createKeyStore(loadKeysFile(new URL('keys.yaml', examples).pathname));
  t.equal(keys.lookup('aegis-example-key-do-not-use')?.tenant, 'demo');
});
