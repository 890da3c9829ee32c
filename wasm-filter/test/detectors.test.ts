// Built-in detectors: each rule with positive and negative test vectors, through the .wasm.
import t from 'tap';
import { chat, load, type ErrorJson } from './helpers.js';

const host = await load();

function send(content: string) {
  const ex = host.exchange({ body: chat(content) });
  const findings = ex.upstream?.headers.get('x-aegis-findings') ?? '';
  const forwarded = ex.upstream ? (JSON.parse(ex.upstream.body.toString()) as { messages: Array<{ content: string }> }).messages[1]!.content : null;
  return { ex, findings, forwarded, code: (ex.json as ErrorJson | null)?.error?.code };
}

const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';
const secrets: Array<[string, string, string]> = [
  ['filter.secret.openai_key', 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Ab3dEf6h', 'sk-proj-short'],
  ['filter.secret.openai_key', 'sk-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4', 'sk-notakey'],
  ['filter.secret.anthropic_key', 'sk-ant-api03-' + 'x'.repeat(40) + 'AA', 'sk-ant-nothing'],
  ['filter.secret.aws_access_key', AWS, 'AKIA1234'],
  ['filter.secret.github_token', 'ghp_' + 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hI6', 'ghp_tooshort'],
  ['filter.secret.github_token', 'github_pat_' + 'A'.repeat(22) + '_' + 'b'.repeat(59), 'github_pat_x'],
  ['filter.secret.slack_token', 'xoxb-' + '1234567890-abcdefghij', 'xoxb-1'],
  ['filter.secret.google_api_key', 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'AIza-short'],
  ['filter.secret.stripe_key', 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_x'],
  ['filter.secret.private_key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----', '-----BEGIN PUBLIC KEY-----'],
  ['filter.secret.jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOi.notajwt'],
];

t.test('secrets in known formats are blocked, look-alikes pass', async (t) => {
  for (const [id, positive, negative] of secrets) {
    const p = send(`here is my key: ${positive} thanks`);
    t.equal(p.ex.status, 403, `${id} blocks`);
    t.equal(p.code, id, `${id} named`);
    t.equal(p.ex.upstream, null);
    const n = send(`not a key: ${negative} ok`);
    t.equal(n.ex.status, 200, `${id} negative passes`);
    t.notMatch(n.findings, id);
  }
});

t.test('a secret glued to other token characters is not a match', async (t) => {
  t.equal(send(`x${AWS}Y`).ex.status, 200);
  t.equal(send(`(${AWS})`).ex.status, 403);
  t.equal(send(`키는${AWS}입니다`).ex.status, 403, 'next to Hangul');
});

const pii: Array<[string, string, string, string]> = [
  // rule, text, expected forwarded text, negative
  ['filter.pii.email', 'mail john.doe+tag@mail.example.co.kr now', 'mail [EMAIL] now', 'user at example dot com'],
  ['filter.pii.kr_phone', '연락처는 010-1234-5678로 주세요', '연락처는 [PHONE]로 주세요', '0101-2345'],
  ['filter.pii.kr_phone', 'office 02-123-4567 or 031 123 4567', 'office [PHONE] or [PHONE]', '02-12'],
  ['filter.pii.kr_phone', 'intl +82 10 1234 5678', 'intl [PHONE]', '+82'],
  ['filter.pii.phone', 'call (415) 555-2671 today', 'call [PHONE] today', 'call 555-26 today'],
  ['filter.pii.card', 'card 4111-1111-1111-1111 exp', 'card [CARD] exp', 'card 4111-1111-1111-1112 exp'],
  ['filter.pii.card', '카드번호4111111111111111입니다', '카드번호[CARD]입니다', '4111111111111112'],
  ['filter.pii.kr_rrn', '주민등록번호 900101-1234567 입니다', '주민등록번호 [KR_RRN] 입니다', '주민등록번호 901301-1234567 입니다'],
  ['filter.pii.kr_rrn', '외국인 0402295123456', '외국인 [KR_RRN]', '0502295123456'],
  ['filter.pii.us_ssn', 'ssn 123-45-6789.', 'ssn [SSN].', 'ssn 000-45-6789.'],
  ['filter.pii.iban', 'IBAN GB82 WEST 1234 5698 7654 32 please', 'IBAN [IBAN] please', 'IBAN GB82 WEST 1234 5698 7654 33 please'],
];

t.test('PII is redacted with typed placeholders; invalid look-alikes pass untouched', async (t) => {
  for (const [id, text, expected, negative] of pii) {
    const p = send(text);
    t.equal(p.ex.status, 200, id);
    t.equal(p.forwarded, expected, `${id}: ${text}`);
    t.match(p.findings, `pii:${id}:redact:`, `${id} reported`);
    const n = send(negative);
    t.equal(n.forwarded, negative, `${id} negative untouched: ${negative}`);
  }
});

t.test('redaction keeps the body valid JSON, fixes content-length, covers escapes', async (t) => {
  const raw = '{"messages":[{"role":"user","content":"write to \\u006aohn@example.com or \\"jane@example.org\\"\\n\\uD83D\\uDE00 done"}]}';
  const ex = host.exchange({ body: raw, headers: { 'content-type': 'application/json' } });
  t.equal(ex.status, 200);
  const body = ex.upstream!.body.toString();
  const parsed = JSON.parse(body) as { messages: Array<{ content: string }> };
  t.equal(parsed.messages[0]!.content, 'write to [EMAIL] or "[EMAIL]"\n😀 done');
  t.equal(ex.upstream!.headers.get('content-length'), String(Buffer.byteLength(body)));
  t.equal(ex.upstream!.headers.get('x-aegis-findings'), 'pii:filter.pii.email:redact:2');
});

t.test('many PII values across messages and parts, in one body', async (t) => {
  const body = {
    model: 'm',
    messages: [
      { role: 'system', content: 'Support bot. Escalate to ops@corp.example.' },
      { role: 'user', content: [{ type: 'text', text: 'I am 김철수, 010-9876-5432, a@b.co' }, { type: 'text', text: 'card 5555 5555 5555 4444' }] },
    ],
  };
  const ex = host.exchange({ body });
  const fwd = JSON.parse(ex.upstream!.body.toString()) as typeof body;
  t.equal(fwd.messages[0]!.content, 'Support bot. Escalate to [EMAIL].');
  t.same(fwd.messages[1]!.content, [{ type: 'text', text: 'I am 김철수, [PHONE], [EMAIL]' }, { type: 'text', text: 'card [CARD]' }]);
  t.equal(fwd.model, 'm');
});

t.test('PII outside the text fields is left alone (not what the model reads)', async (t) => {
  const ex = host.exchange({ body: { model: 'm', user: 'u@example.com', metadata: { phone: '010-1234-5678' }, messages: [{ role: 'user', content: 'hi' }] } });
  t.equal(ex.upstream!.headers.get('x-aegis-findings'), undefined);
});

t.test('monitor mode never redacts', async (t) => {
  const mon = await load({ config: { mode: 'monitor' } });
  const ex = mon.exchange({ body: chat('mail me at a@example.com') });
  t.match(ex.upstream!.body.toString(), 'a@example.com');
  t.equal(ex.upstream!.headers.get('x-aegis-findings'), 'pii:filter.pii.email:redact:1');
});

t.test('a rule may be switched to flag or block', async (t) => {
  const h = await load({ config: { rules: { 'filter.pii.email': { action: 'flag' }, 'filter.pii.kr_rrn': { action: 'block' } } } });
  const f = h.exchange({ body: chat('a@example.com') });
  t.equal(f.status, 200);
  t.match(f.upstream!.body.toString(), 'a@example.com');
  t.equal(f.upstream!.headers.get('x-aegis-findings'), 'pii:filter.pii.email:flag:1');
  t.equal(h.exchange({ body: chat('900101-1234567') }).status, 403);
});

t.test('custom regex rules redact with their placeholder', async (t) => {
  const h = await load({ config: { custom_rules: [{ id: 'filter.custom.employee_id', detector: 'pii', kind: 'regex', patterns: ['\\bEMP-[0-9]{6}\\b'], action: 'redact', placeholder: '[EMPLOYEE]' }] } });
  const ex = h.exchange({ body: chat('ticket for EMP-123456 and EMP-1234567') });
  t.equal(JSON.parse(ex.upstream!.body.toString()).messages[1].content, 'ticket for [EMPLOYEE] and EMP-1234567');
});
