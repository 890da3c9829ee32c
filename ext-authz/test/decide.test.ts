// The pure decision core, table-driven, with no server.
import t from 'tap';
import type { CheckInput } from '../src/check-input.js';
import { decide, decideMalformed, type DecisionContext } from '../src/decide.js';
import { decisionHeader } from '../src/decision.js';
import { createKeyStore } from '../src/key-store.js';
import { demoKeyEntry } from '../src/keys-file.js';
import { compilePolicyText, loadPolicy } from '../src/policy-loader.js';
import { parseFindings } from '../src/findings.js';

const KEY = 'unit-test-key';

const ctx: DecisionContext = {
  keys: createKeyStore([demoKeyEntry(KEY), { id: 'team-a-ci', tenant: 'team-a', digest: demoKeyEntry('team-a-key').digest }]),
  policy: loadPolicy(undefined),
  requireFilter: true,
  dryRun: false,
};

function input(overrides: Partial<CheckInput> & { json?: unknown; findingsHeader?: string } = {}): CheckInput {
  const { json, findingsHeader, ...rest } = overrides;
  const body = json === undefined ? { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } : json;
  return {
    requestId: 'req-1',
    method: 'POST',
    path: '/v1/chat/completions',
    host: 'localhost',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    bodyPartial: false,
    provider: 'openai',
    filterMode: 'enforce',
    findings: parseFindings(findingsHeader),
    ...rest,
  };
}

interface Case {
  readonly name: string;
  readonly input: CheckInput;
  readonly decision: string;
  readonly code?: string;
  readonly status?: number;
  readonly tenant?: string;
}

const cases: readonly Case[] = [
  { name: 'an ordinary chat request is allowed for the demo tenant', input: input(), decision: 'allow', tenant: 'demo' },
  { name: 'a key in x-api-key authenticates (Anthropic SDK)', input: input({ headers: { 'x-api-key': KEY }, path: '/v1/messages', provider: 'anthropic', json: { model: 'claude-3-5-haiku-latest', max_tokens: 10, messages: [] } }), decision: 'allow' },
  { name: 'a key in api-key authenticates (Azure SDK)', input: input({ headers: { 'api-key': KEY }, path: '/openai/deployments/gpt-4o/chat/completions', provider: 'azure', json: { messages: [] } }), decision: 'allow' },
  { name: 'a key in x-goog-api-key authenticates (Google SDK)', input: input({ headers: { 'x-goog-api-key': KEY }, path: '/v1beta/models/gemini-2.5-pro:generateContent', provider: 'google', json: { contents: [] } }), decision: 'allow' },
  { name: 'a key of another tenant is bound to that tenant', input: input({ headers: { authorization: 'Bearer team-a-key' } }), decision: 'allow', tenant: 'team-a' },
  { name: 'a non-Bearer authorization is not a key', input: input({ headers: { authorization: `Basic ${KEY}` } }), decision: 'deny', code: 'authz.unauthenticated', status: 401 },
  { name: 'no key is denied 401', input: input({ headers: {} }), decision: 'deny', code: 'authz.unauthenticated', status: 401 },
  { name: 'a wrong key is denied 401', input: input({ headers: { authorization: 'Bearer nope' } }), decision: 'deny', code: 'authz.unauthenticated', status: 401 },
  { name: 'a missing filter header is denied 403', input: input({ filterMode: undefined }), decision: 'deny', code: 'authz.filter_missing', status: 403 },
  { name: 'a malformed findings header is denied 503', input: input({ findingsHeader: 'garbage' }), decision: 'deny', code: 'authz.findings_invalid', status: 503 },
  { name: 'a cut-off JSON body is denied 400', input: input({ json: '{"model":' }), decision: 'deny', code: 'authz.invalid_json', status: 400 },
  { name: 'a JSON-looking body sent as text/plain is still parsed', input: input({ json: '{"model":', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' } }), decision: 'deny', code: 'authz.invalid_json' },
  { name: 'a truncated body is denied 413', input: input({ bodyPartial: true }), decision: 'deny', code: 'authz.body_partial', status: 413 },
  { name: 'a chat request without a model is denied 400', input: input({ json: { messages: [] } }), decision: 'deny', code: 'authz.model_missing', status: 400 },
  { name: 'a GET of the model list needs no model', input: input({ method: 'GET', path: '/v1/models', json: '' }), decision: 'allow' },
  { name: 'a model outside the allowlist is denied 403', input: input({ json: { model: 'gpt-4-32k', messages: [] } }), decision: 'deny', code: 'authz.model_not_allowed', status: 403 },
  { name: 'a Google path model outside the allowlist is denied', input: input({ path: '/v1beta/models/gemini-ultra:generateContent', provider: 'google', json: { contents: [] } }), decision: 'deny', code: 'authz.model_not_allowed' },
  { name: 'an Azure deployment outside the allowlist is denied', input: input({ path: '/openai/deployments/my-deploy/chat/completions', provider: 'azure', json: { messages: [] } }), decision: 'deny', code: 'authz.model_not_allowed' },
  { name: 'a flagged injection is denied by the default policy', input: input({ findingsHeader: 'injection:injection.role_play:flag:1' }), decision: 'deny', code: 'policy.deny_prompt_injection', status: 403 },
  { name: 'a flagged secret is denied by the default policy', input: input({ findingsHeader: 'secret:secret.github_token:flag:1' }), decision: 'deny', code: 'policy.deny_secrets', status: 403 },
  { name: 'a blocking finding that reached the service is denied with its rule id', input: input({ findingsHeader: 'header:header.bad_agent:block:1' }), decision: 'deny', code: 'filter.header.bad_agent', status: 403 },
  { name: 'redacted PII alone is allowed', input: input({ findingsHeader: 'pii:pii.email:redact:3' }), decision: 'allow' },
  { name: 'an overflowing findings list is flagged', input: input({ findingsHeader: 'pii:pii.email:redact:1,overflow:filter.findings_overflow:flag:40' }), decision: 'flag' },
  { name: 'in filter monitor mode a blocking finding is flagged, not denied', input: input({ filterMode: 'monitor', findingsHeader: 'pii:pii.kr_rrn:block:1' }), decision: 'flag' },
];

t.test('the decision core', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const d = decide(c.input, ctx);
      t.equal(decisionHeader(d), c.decision);
      if (c.code) t.equal(d.denial?.code, c.code);
      if (c.status) t.equal(d.denial?.status, c.status);
      if (c.tenant) t.equal(d.tenant, c.tenant);
      t.equal(d.requestId, 'req-1');
    });
  }
});

t.test('dry run keeps the denial but does not enforce it', async (t) => {
  const d = decide(input({ headers: {} }), { ...ctx, dryRun: true });
  t.equal(d.outcome, 'deny');
  t.equal(d.enforced, false);
  t.equal(decisionHeader(d), 'dry-run-deny');
  t.equal(d.denial?.code, 'authz.unauthenticated');
});

t.test('requireFilter=false accepts a request without the filter header', async (t) => {
  t.equal(decide(input({ filterMode: undefined }), { ...ctx, requireFilter: false }).outcome, 'allow');
});

t.test('a malformed CheckRequest is denied 400', async (t) => {
  const d = decideMalformed('req-x', ctx);
  t.match(d, { outcome: 'deny', enforced: true, denial: { status: 400, code: 'authz.request_malformed' } });
});

const rulesPolicy = compilePolicyText(
  `version: 1
tenants:
  demo: {}
rules:
  - name: allow_redteam
    action: allow
    when: { tenants: [redteam] }
  - name: watch_tools
    action: deny
    mode: monitor
    when: { tools: true }
  - name: flag_long_chats
    action: flag
    when: { messages_over: 3 }
  - name: cap_max_tokens
    action: deny
    status: 400
    message: max_tokens above 4096
    when: { max_tokens_over: 4096, providers: [openai], routes: ["/v1/chat/*"] }
  - name: deny_big_prompts
    action: deny
    status: 413
    message: prompt too large
    when: { prompt_tokens_over: 1000 }
  - name: deny_gpt4o_for_demo
    action: deny
    when: { tenants: [demo], models: ["gpt-4o*"], methods: [POST] }
`,
  'rules.yaml',
  'rules',
);

const ruleCases: readonly (Case & { monitored?: string[]; rules?: string[] })[] = [
  { name: 'a rule naming models and tenants denies with its rule id', input: input(), decision: 'deny', code: 'policy.deny_gpt4o_for_demo', status: 403 },
  { name: 'a deny rule can set a 4xx status and message', input: input({ json: { model: 'x', max_tokens: 5000, messages: [] } }), decision: 'deny', code: 'policy.cap_max_tokens', status: 400 },
  { name: 'a max_completion_tokens value counts as max tokens', input: input({ json: { model: 'x', max_completion_tokens: 5000, messages: [] } }), decision: 'deny', code: 'policy.cap_max_tokens' },
  { name: 'route conditions are globs on the path', input: input({ path: '/v1/completions', json: { model: 'x', max_tokens: 5000, prompt: 'hi' } }), decision: 'allow' },
  { name: 'flag rules mark the request and let it through', input: input({ json: { model: 'x', messages: [1, 2, 3, 4] } }), decision: 'flag', rules: ['policy.flag_long_chats'] },
  { name: 'monitor rules are logged, never acted on', input: input({ json: { model: 'x', messages: [], tools: [{ type: 'function' }] } }), decision: 'allow', monitored: ['policy.watch_tools'] },
  { name: 'a long English prompt is estimated at about 4 characters a token', input: input({ json: { model: 'x', messages: [{ role: 'user', content: 'a'.repeat(4008) }] } }), decision: 'deny', code: 'policy.deny_big_prompts', status: 413 },
  { name: 'Hangul counts about one token a character', input: input({ json: { model: 'x', messages: [{ role: 'user', content: '가'.repeat(1001) }] } }), decision: 'deny', code: 'policy.deny_big_prompts' },
  { name: 'the same length of Latin text stays under the limit', input: input({ json: { model: 'x', messages: [{ role: 'user', content: 'a'.repeat(1001) }] } }), decision: 'allow' },
];

t.test('policy rules', async (t) => {
  const rulesCtx = { ...ctx, policy: rulesPolicy };
  for (const c of ruleCases) {
    t.test(c.name, async (t) => {
      const d = decide(c.input, rulesCtx);
      t.equal(decisionHeader(d), c.decision);
      if (c.code) t.equal(d.denial?.code, c.code);
      if (c.status) t.equal(d.denial?.status, c.status);
      if (c.monitored) t.same(d.monitored, c.monitored);
      if (c.rules) t.same(d.rules, c.rules);
    });
  }
  t.test('an allow rule ends evaluation before later denies', async (t) => {
    const redteam = { ...rulesCtx, keys: createKeyStore([{ ...demoKeyEntry(KEY), tenant: 'redteam' }]) };
    t.equal(decide(input(), redteam).outcome, 'allow');
  });
});
