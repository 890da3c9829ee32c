// The tamper-evident log: every line hash-chained per process; verification points at the
// first altered line, and copes with several workers' chains interleaved in one stream.
import { createHash } from 'node:crypto';
import t from 'tap';
import { verifyAuditLog } from '../src/audit-verify.js';
import { createLogger } from '../src/logger.js';
import { loadCheckRequest, startTestServer } from '../test-support/harness.js';

function capture(worker: number): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger('info', { write: (s: string) => void lines.push(s.replace(/\n$/, '')) }, { worker }) };
}

function tenLines(): string[] {
  const { lines, log } = capture(1);
  for (let i = 0; i < 10; i++) log.info({ event: 'decision', request_id: `r${i}`, decision: 'allow' }, 'decision');
  return lines;
}

t.test('an untouched log verifies', async (t) => {
  const lines = tenLines();
  t.match(JSON.parse(lines[0] ?? '{}'), { seq: 0, prev: '0'.repeat(64), hash: /^[0-9a-f]{64}$/, chain: /^1-\d+-[0-9a-z]+$/ });
  t.match(verifyAuditLog(`${lines.join('\n')}\n`), { lines: 10, chains: 1, problems: [], notes: [] });
});

t.test('each kind of tampering is reported at the right line', async (t) => {
  const edits: [string, (lines: string[]) => string[], number, RegExp][] = [
    ['a changed value', (l) => l.map((x, i) => (i === 4 ? x.replace('"decision":"allow"', '"decision":"deny"') : x)), 5, /altered: the hash does not match/],
    ['a line rewritten with a fresh, self-consistent hash', (l) => l.map((x, i) => (i === 3 ? rehash(x.replace('"r3"', '"r3x"')) : x)), 4, /altered: line 5, next in chain .* links to a different hash/],
    ['a removed line', (l) => l.filter((_, i) => i !== 6), 7, /1 line\(s\) of chain .* missing before this line/],
    ['two lines swapped', (l) => [...l.slice(0, 2), l[3]!, l[2]!, ...l.slice(4)], 3, /missing before this line|out of order/],
    ['a line that is not a chained line', (l) => [...l.slice(0, 8), '{"event":"decision","forged":true}', ...l.slice(8)], 9, /no hash chain fields/],
    ['a cut line end', (l) => l.map((x, i) => (i === 1 ? x.slice(0, -3) : x)), 2, /no hash chain fields/],
  ];
  for (const [name, edit, line, message] of edits) {
    const report = verifyAuditLog(edit(tenLines()).join('\n'));
    t.match(report.problems[0], { line, message }, name);
  }
});

/** What a forger who knows the scheme would do: recompute the line's own hash. */
function rehash(line: string): string {
  const content = line.slice(0, line.length - ',"hash":""}'.length - 64);
  return `${content},"hash":"${createHash('sha256').update(content).digest('hex')}"}`;
}

t.test('several workers interleaved in one stream verify, each on its own chain', async (t) => {
  const a = capture(1);
  const b = capture(2);
  const merged: string[] = [];
  for (let i = 0; i < 6; i++) {
    const w = i % 3 === 0 ? b : a;
    w.log.info({ event: 'decision', i }, 'decision');
    merged.push(w.lines[w.lines.length - 1]!);
  }
  t.match(verifyAuditLog(merged.join('\n')), { chains: 2, problems: [] });
  t.match(verifyAuditLog(merged.slice(2).join('\n')), { problems: [], notes: [/starts at seq/, /starts at seq/] }, 'a file that starts mid-chain (rotation) is noted, not an error');
});

t.test('the service decision log is chained', async (t) => {
  const { client, logs } = await startTestServer(t);
  for (let i = 0; i < 3; i++) await client.check(loadCheckRequest('allowed-chat'));
  const text = logs.map((l) => JSON.stringify(l)).join('\n');
  t.equal(logs.filter((l) => l['event'] === 'decision').length, 3);
  t.match(verifyAuditLog(text), { problems: [], chains: 1 }, 'the lines as the service wrote them verify');
});
