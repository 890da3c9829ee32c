// POST /api/v1/usage: the contract the filter reports token usage on, over a real socket.
import t from 'tap';
import { isLoopback } from '../src/quota/usage-endpoint.js';
import { chargeFor, parseUsageReport } from '../src/quota/usage-report.js';
import { httpStatus, loadCheckRequest, startTestServer, withHeaders } from '../test-support/harness.js';

function report(admin: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${admin}/api/v1/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

t.test('a usage report settles the reservation: the real usage replaces the estimate', async (t) => {
  // The chat fixture sets no max_tokens: it reserves its prompt estimate + 1024.
  const { client, admin } = await startTestServer(t, { RATE_LIMIT_TOKENS: '1100' });
  const chat = (id: string) => client.check(withHeaders(loadCheckRequest('allowed-chat'), { 'x-aegis-request-id': id }));
  t.equal((await chat('u-1')).status.code, 0);
  t.equal(httpStatus((await chat('u-2')).denied_response?.status.code), 429, 'the reservation holds the budget');
  const settled = await report(admin, { request_id: 'u-1', prompt_tokens: 9, completion_tokens: 11, status: 200 });
  t.equal(settled.status, 200);
  t.match(await settled.json(), { result: 'settled', request_id: 'u-1', reserved: Number, charged: 20 });
  t.equal((await chat('u-3')).status.code, 0, 'the difference is back in the budget');
  const again = await report(admin, { request_id: 'u-1', prompt_tokens: 9, completion_tokens: 11, status: 200 });
  t.equal(again.status, 404, 'a reservation settles once');
  t.match(await again.json(), { result: 'unknown' });
  const failed = await report(admin, { request_id: 'u-3', prompt_tokens: null, completion_tokens: null, status: 503 });
  t.match(await failed.json(), { result: 'released', charged: 0 }, 'a failed request releases its tokens');
  t.equal((await chat('u-4')).status.code, 0);
  const noUsage = await report(admin, { request_id: 'u-4', status: 200 });
  t.match(await noUsage.json(), { result: 'kept' }, 'a success without usage keeps the estimate as spent');
  const metrics = await (await fetch(`${admin}/api/v1/metrics`)).text();
  for (const [result, n] of [['settled', 1], ['unknown', 1], ['released', 1], ['kept', 1]] as const) {
    t.match(metrics, new RegExp(`^aegis_usage_reports_total\\{result="${result}"\\} ${n}$`, 'm'));
  }
});

t.test('malformed reports are refused with a message naming the field', async (t) => {
  const { admin } = await startTestServer(t);
  const cases: [unknown, number, RegExp][] = [
    ['{not json', 400, /not valid JSON/],
    [[1], 400, /JSON object/],
    [{ status: 200 }, 400, /request_id/],
    [{ request_id: 'has space', status: 200 }, 400, /request_id/],
    [{ request_id: 'r', status: 700 }, 400, /status/],
    [{ request_id: 'r', status: 200, prompt_tokens: -1 }, 400, /prompt_tokens/],
    [{ request_id: 'r', status: 200, completion_tokens: 1.5 }, 400, /completion_tokens/],
    [{ request_id: 'r', status: 200, pad: 'x'.repeat(5000) }, 413, /4096 bytes/],
  ];
  for (const [body, status, message] of cases) {
    const res = await report(admin, body);
    t.equal(res.status, status, JSON.stringify(body).slice(0, 60));
    t.match(((await res.json()) as { error: string }).error, message);
  }
  t.equal((await fetch(`${admin}/api/v1/usage`)).status, 405, 'GET is not allowed');
  t.equal((await report(admin, { request_id: 'r', status: 200 }, { 'content-type': 'text/plain' })).status, 415, 'JSON only (no CORS-simple posts)');
});

t.test('with AEGIS_USAGE_TOKEN set, the token is required (compared in constant time)', async (t) => {
  const { admin } = await startTestServer(t, { AEGIS_USAGE_TOKEN: 'usage-secret-0001' });
  const body = { request_id: 'nope', status: 200 };
  t.equal((await report(admin, body)).status, 401, 'missing');
  t.equal((await report(admin, body, { 'x-aegis-usage-token': 'wrong' })).status, 401, 'wrong');
  t.equal((await report(admin, body, { 'x-aegis-usage-token': 'usage-secret-0001' })).status, 404, 'right: accepted (no such reservation)');
});

t.test('without a token only loopback callers are accepted', async (t) => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) t.ok(isLoopback(address), address);
  for (const address of ['10.0.0.7', '::ffff:10.0.0.7', '2001:db8::1', undefined]) t.notOk(isLoopback(address), String(address));
});

t.test('what is charged for a report', async (t) => {
  const parse = (body: object) => {
    const parsed = parseUsageReport(JSON.stringify(body));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.report;
  };
  t.equal(chargeFor(parse({ request_id: 'a', status: 200, prompt_tokens: 3, completion_tokens: 4 })), 7);
  t.equal(chargeFor(parse({ request_id: 'a', status: 201, prompt_tokens: 3 })), 3, 'embeddings report prompt tokens only');
  t.equal(chargeFor(parse({ request_id: 'a', status: 200 })), undefined, 'no usage: keep the estimate');
  t.equal(chargeFor(parse({ request_id: 'a', status: 429, prompt_tokens: 3, completion_tokens: 4 })), 0, 'an error status releases');
  t.equal(chargeFor(parse({ request_id: 'a', status: 0 })), 0, 'no response releases');
});
