// The service's own detectors (banned topics and keywords, tools and function calls) through
// the decision core, and the readers they rely on, table-driven.
import t from 'tap';
import { decide, type DecisionContext } from '../src/decide.js';
import { decisionHeader } from '../src/decision.js';
import { createKeyStore } from '../src/key-store.js';
import { compilePolicyText } from '../src/policy-loader.js';
import { promptText } from '../src/prompt-text.js';
import { readToolUse } from '../src/tool-calls.js';
import type { CheckInput } from '../src/check-input.js';
import type { IdentityResult } from '../src/identity.js';

const POLICY = `version: 1
topics:
  weapons:
    keywords: ["pipe bomb", "nerve agent"]
    patterns: ["(?i)how (to|do i) (make|build) an? (bomb|explosive)"]
  hangul:
    keywords: ["폭탄 제조"]
defaults:
  banned_topics: [weapons, hangul]
  banned_keywords: ["project zephyr", "c++"]
  tools:
    allowed: [get_weather, "search_*", web_search_preview, run_sql, "db_*"]
    arguments:
      - name: sql_ddl
        tools: [run_sql, "db_*"]
        argument: query
        pattern: "(?i)\\\\b(drop|truncate)\\\\s+table\\\\b"
      - name: shell_rm
        pattern: "rm -rf /"
tenants:
  open: { banned_topics: [], tools: {} }
rules:
  - name: deny_topics
    action: deny
    when: { findings: { detectors: [topic], rules: ["authz.topic.*"] } }
  - name: flag_keywords
    action: flag
    when: { findings: { detectors: [keyword] } }
  - name: deny_tools
    action: deny
    when: { findings: { detectors: [tool] } }
`;

const policy = compilePolicyText(POLICY, 'detectors.yaml', 'detectors');
const ctx: DecisionContext = { keys: createKeyStore([]), policy, requireFilter: true, dryRun: false };

function input(body: unknown, path = '/v1/chat/completions'): CheckInput {
  return {
    requestId: 'req-d',
    method: 'POST',
    path,
    host: 'localhost',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
    bodyPartial: false,
    provider: path === '/v1/messages' ? 'anthropic' : path.startsWith('/v1beta') ? 'google' : 'openai',
    filterMode: 'enforce',
    findings: [],
  };
}

function as(tenant: string): IdentityResult {
  return { ok: true, identity: { kind: 'api_key', tenant, principal: 'k', claims: {} } };
}

const chat = (content: string): unknown => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
const call = (name: string, args: object): unknown => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: JSON.stringify(args) } }] }],
});

interface Case {
  readonly name: string;
  readonly body: unknown;
  readonly path?: string;
  readonly tenant?: string;
  readonly decision: string;
  readonly code?: string;
  readonly finding?: string;
}

const cases: readonly Case[] = [
  { name: 'an ordinary prompt finds nothing', body: chat('Summarise the weather in Seoul.'), decision: 'allow' },
  { name: 'a topic keyword matches case-insensitively across whitespace', body: chat('Where to buy a PIPE\n  bomb kit'), decision: 'deny', code: 'policy.deny_topics', finding: 'topic:authz.topic.weapons:flag:1' },
  { name: 'a topic pattern matches', body: chat('how do I build an explosive'), decision: 'deny', finding: 'topic:authz.topic.weapons:flag:1' },
  { name: 'keywords are whole words: "pipe bombastic" is not "pipe bomb"', body: chat('a pipe bombastic speech'), decision: 'allow' },
  { name: 'a Hangul keyword matches without word boundaries', body: chat('폭탄 제조법을 알려줘'), decision: 'deny', finding: 'topic:authz.topic.hangul:flag:1' },
  { name: 'a banned keyword is a keyword finding (flagged by this policy)', body: chat('any news on project zephyr?'), decision: 'flag', finding: 'keyword:authz.keyword.banned:flag:1' },
  { name: 'a keyword with punctuation is literal', body: chat('write c++ code'), decision: 'flag' },
  { name: 'Anthropic system and content blocks are prompt text', path: '/v1/messages', body: { model: 'claude-3-5-haiku-latest', max_tokens: 5, system: 'nerve agent synthesis', messages: [] }, decision: 'deny' },
  { name: 'Google parts are prompt text', path: '/v1beta/models/gemini-2.0-flash:generateContent', body: { contents: [{ parts: [{ text: 'pipe bomb' }] }] }, decision: 'deny' },
  { name: 'a tenant with no banned topics is not scanned', tenant: 'open', body: chat('pipe bomb'), decision: 'allow' },
  { name: 'an allowed tool passes', body: { ...(chat('hi') as object), tools: [{ type: 'function', function: { name: 'get_weather' } }] }, decision: 'allow' },
  { name: 'a tool outside the allowlist is a tool finding', body: { ...(chat('hi') as object), tools: [{ type: 'function', function: { name: 'delete_user' } }] }, decision: 'deny', code: 'policy.deny_tools', finding: 'tool:authz.tool.not_allowed:flag:1' },
  { name: 'tool globs allow a family of names', body: { ...(chat('hi') as object), tools: [{ type: 'function', function: { name: 'search_docs' } }] }, decision: 'allow' },
  { name: 'a built-in tool is named by its type', body: { model: 'gpt-4o-mini', input: 'hi', tools: [{ type: 'code_interpreter' }] }, path: '/v1/responses', decision: 'deny' },
  { name: 'a legacy functions entry counts', body: { ...(chat('hi') as object), functions: [{ name: 'exec' }] }, decision: 'deny' },
  { name: 'tool_choice forcing an unknown function counts', body: { ...(chat('hi') as object), tool_choice: { type: 'function', function: { name: 'exec' } } }, decision: 'deny' },
  { name: 'a call with a matching argument is a tool_args finding', body: call('run_sql', { query: 'DROP  TABLE users;' }), decision: 'deny', finding: 'tool:authz.tool_args.sql_ddl:flag:1' },
  { name: 'argument rules look only at their tools', body: call('search_logs', { query: 'drop table users' }), decision: 'allow' },
  { name: 'argument rules look only at their argument', body: call('run_sql', { comment: 'drop table users', query: 'select 1' }), decision: 'allow' },
  { name: 'an argument rule without argument reads every value, nested too', body: call('search_files', { opts: { cmd: ['ls', 'rm -rf /'] } }), decision: 'deny', finding: 'tool:authz.tool_args.shell_rm:flag:1' },
  { name: 'an Anthropic tool_use block is a call', path: '/v1/messages', body: { model: 'claude-3-5-haiku-latest', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'db_admin', input: { query: 'truncate table x' } }] }] }, decision: 'deny', finding: 'tool:authz.tool_args.sql_ddl:flag:1' },
  { name: 'a Google functionCall part is a call', path: '/v1beta/models/gemini-2.0-flash:generateContent', body: { contents: [{ role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'rm -rf /' } } }] }] }, decision: 'deny', finding: 'tool:authz.tool_args.shell_rm:flag:1' },
];

t.test('service detectors feed policy rules through findings', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const d = decide(input(c.body, c.path), { ...ctx, identity: as(c.tenant ?? 'demo') });
      t.equal(decisionHeader(d), c.decision);
      if (c.code) t.equal(d.denial?.code, c.code);
      const findings = d.findings.map((f) => `${f.detector}:${f.rule}:${f.action}:${f.count}`);
      if (c.finding) t.ok(findings.includes(c.finding), `${c.finding} in ${findings.join(', ')}`);
      t.ok(d.detectors.every((r) => r.seconds >= 0 && /^[a-z_]+$/.test(r.detector)), 'each run is timed, under a bounded detector name');
    });
  }
});

t.test('a tenant with nothing configured runs neither topic nor tool detector', async (t) => {
  const plain = compilePolicyText('version: 1\n', 'p.yaml', 'p');
  const d = decide(input(chat('pipe bomb')), { ...ctx, policy: plain, identity: as('demo') });
  t.same(d.detectors.filter((r) => r.detector === 'topic' || r.detector === 'tool'), []);
});

t.test('prompt text takes the prompt-bearing strings only', async (t) => {
  const body = { model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'image_url', image_url: { url: 'data:x' } }] }], tools: [{ function: { description: 'not text' } }] };
  t.equal(promptText(body), 'Be brief.\nHello');
  let deep: unknown = { content: 'too deep' };
  for (let i = 0; i < 100; i++) deep = { content: [deep] };
  t.equal(promptText({ messages: [deep] }), '', 'nesting past the bound is not read (and does not overflow the stack)');
});

t.test('tool use is read from every provider shape', async (t) => {
  const use = readToolUse({
    tools: [{ type: 'function', function: { name: 'a' } }, { name: 'b', input_schema: {} }, { functionDeclarations: [{ name: 'c' }] }, { googleSearch: {} }],
    functions: [{ name: 'd' }],
    tool_choice: { type: 'tool', name: 'e' },
    toolConfig: { functionCallingConfig: { allowedFunctionNames: ['f'] } },
    messages: [{ role: 'assistant', function_call: { name: 'g', arguments: 'not json' } }],
    input: [{ type: 'function_call', name: 'h', arguments: '{"x":1}' }],
  });
  t.same(use.offered, ['a', 'b', 'c', 'googleSearch', 'd', 'e', 'f']);
  t.same(use.calls, [{ name: 'g', args: 'not json' }, { name: 'h', args: { x: 1 } }]);
});
