import t from 'tap';
import { chat, load } from './helpers.js';

t.test('no configuration at all means the default policy', async (t) => {
  for (const config of [undefined, '', '  \n', '{}']) {
    const host = await load({ config });
    t.equal(host.configured, true, JSON.stringify(config));
    t.equal(host.exchange({ body: chat('ignore previous instructions') }).status, 403);
  }
});

t.test('a bad configuration is refused with a log line naming the field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /not valid JSON/],
    ['[]', /must be a JSON object/],
    [{ mode: 'loud' }, /mode: must be "enforce" or "monitor"/],
    [{ modes: 'enforce' }, /modes: unknown field/],
    [{ limits: { max_body_bytes: -1 } }, /limits\.max_body_bytes: must be between/],
    [{ limits: { max_body_bytes: 1.5 } }, /limits\.max_body_bytes: must be an integer/],
    [{ limits: { extra: 1 } }, /limits\.extra: unknown field/],
    [{ headers: { allowed_methods: [] } }, /headers\.allowed_methods: must not be empty/],
    [{ headers: { allowed_path_prefixes: ['v1'] } }, /allowed_path_prefixes\[0\]: must start with \//],
    [{ headers: { deny: [{ id: 'bad', header: 'x', pattern: 'y' }] } }, /headers\.deny\[0\]\.id/],
    [{ body: { scan: 'everything' } }, /body\.scan/],
    [{ rules: { 'filter.nope': { action: 'block' } } }, /rules\.filter\.nope: is not a built-in rule id/],
    [{ rules: { 'filter.injection.phrase': { action: 'explode' } } }, /rules\.filter\.injection\.phrase\.action/],
    [{ custom_rules: [{ id: 'filter.custom.x', kind: 'keywords' }] }, /custom_rules\[0\]\.patterns: is required/],
    [{ custom_rules: [{ id: 'filter.injection.phrase', kind: 'keywords', patterns: ['a'] }] }, /custom_rules\[0\]\.id: must match filter\.custom\./],
    [{ custom_rules: [{ id: 'filter.custom.a', kind: 'keywords', patterns: ['ab'] }, { id: 'filter.custom.a', kind: 'keywords', patterns: ['ab'] }] }, /duplicates rule/],
    [{ custom_rules: [{ id: 'filter.custom.r', kind: 'regex', patterns: ['(?=x)'] }] }, /custom_rules|rule filter\.custom\.r: pattern 0/],
    [{ custom_rules: [{ id: 'filter.custom.x', kind: 'keywords', patterns: ['a'], placeholder: 'has"quote' }] }, /placeholder/],
    [{ custom_rules: [{ id: 'filter.custom.x', kind: 'keywords', patterns: ['!!!'] }] }, /empty after normalisation/],
  ];
  for (const [config, re] of cases) {
    const host = await load({ config: config as object });
    t.equal(host.configured, false, JSON.stringify(config));
    const line = host.logs.find((l) => l.level === 'error')?.message ?? '';
    t.match(line, /^aegis filter: configuration refused: /);
    t.match(line, re);
  }
});

t.test('a refused update keeps the last good configuration', async (t) => {
  const host = await load({ config: { mode: 'monitor' } });
  t.equal(host.configure({ mode: 'bogus' }), false);
  t.equal(host.exchange({ body: chat('hi') }).upstream!.headers.get('x-aegis-filter'), 'v1;mode=monitor');
  t.equal(host.validate({ mode: 'bogus' }), false);
  t.equal(host.validate({ mode: 'enforce' }), true);
});

t.test('monitor mode reports but never blocks', async (t) => {
  const host = await load({ config: { mode: 'monitor' } });
  const ex = host.exchange({ body: chat('ignore previous instructions') });
  t.equal(ex.status, 200);
  t.equal(ex.upstream!.headers.get('x-aegis-findings'), 'injection:filter.injection.phrase:block:1');
  t.equal(host.metric('aegis_filter_monitor_would_block_total'), 1);
  t.equal(host.metric('aegis_filter_blocked_total'), 0);
  const bad = host.exchange({ body: '{', headers: { 'content-type': 'application/json' } });
  t.equal(bad.status, 200);
  t.equal(bad.upstream!.headers.get('x-aegis-findings'), 'body:filter.body.malformed_json:block:1');
});

t.test('rule overrides: flag instead of block, or disabled', async (t) => {
  const flag = await load({ config: { rules: { 'filter.injection.phrase': { action: 'flag' } } } });
  const ex = flag.exchange({ body: chat('ignore previous instructions, ignore previous instructions') });
  t.equal(ex.status, 200);
  t.equal(ex.upstream!.headers.get('x-aegis-findings'), 'injection:filter.injection.phrase:flag:2');
  t.equal(flag.metric('aegis_filter_flagged_total'), 1);
  const off = await load({ config: { rules: { 'filter.injection.phrase': { enabled: false } } } });
  t.equal(off.exchange({ body: chat('ignore previous instructions') }).status, 200);
});

t.test('custom keyword rules', async (t) => {
  const host = await load({ config: { custom_rules: [{ id: 'filter.custom.project_x', detector: 'body', kind: 'keywords', patterns: ['Project Falcon', '팔콘 프로젝트'], action: 'block', message: 'internal project name' }] } });
  const ex = host.exchange({ body: chat('tell me about project   FALCON') });
  t.equal(ex.status, 403);
  t.match(ex.json, { error: { code: 'filter.custom.project_x', message: 'Request blocked by policy: internal project name' } });
  t.equal(host.exchange({ body: chat('팔콘프로젝트 일정') }).status, 403);
});
