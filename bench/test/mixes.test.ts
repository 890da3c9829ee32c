// The request mixes: the sizes they promise, the same bytes on every run, and nothing in
// them that a gateway should stop.
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMix, fitToBytes, mixNames, writeMixes } from '../src/mixes.js';

t.test('every mix is a set of valid chat-completion bodies of its target size', async (t) => {
  for (const name of mixNames) {
    const mix = buildMix(name, 3);
    t.equal(mix.bodies.length, 3, `${name}: three variants`);
    for (const body of mix.bodies) {
      const json = JSON.parse(body) as { model: string; messages: { role: string; content: string }[]; stream?: boolean };
      t.equal(json.model, 'gpt-4o-mini');
      t.equal(json.messages.at(-1)?.role, 'user', `${name}: ends with a user message (the mock echoes it)`);
      t.equal(Buffer.byteLength(body), mix.targetBytes, `${name}: exactly ${mix.targetBytes} bytes`);
      t.equal(json.stream === true, name === 'sse', `${name}: stream only for sse`);
    }
  }
});

t.test('the same mix is built byte for byte the same twice, and variants differ', async (t) => {
  t.same(buildMix('4k', 4).bodies, buildMix('4k', 4).bodies);
  const bodies = buildMix('64k', 4).bodies;
  t.equal(new Set(bodies).size, 4);
});

t.test('the Korean mix is mostly Hangul, three bytes a syllable', async (t) => {
  const body = buildMix('ko', 1).bodies[0] as string;
  const last = (JSON.parse(body) as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
  const hangul = [...last].filter((c) => /\p{Script=Hangul}/u.test(c)).length;
  t.ok(hangul > 800, `${hangul} Hangul syllables`);
});

t.test('no mix holds what the gateway blocks or redacts', async (t) => {
  const suspicious = [/ignore (all )?previous/i, /system prompt/i, /jailbreak/i, /AKIA[0-9A-Z]{16}/, /sk-[A-Za-z0-9]{10}/, /-----BEGIN/, /[\w.]+@[\w.]+\.\w+/, /\d{6}-\d{7}/, /\d{3}[- ]?\d{3,4}[- ]?\d{4}/, /\d{12,}/];
  for (const name of mixNames) {
    for (const body of buildMix(name).bodies) for (const re of suspicious) t.notMatch(body, re, `${name} has no ${re}`);
  }
});

t.test('fitToBytes cuts between characters and pads to the exact size', async (t) => {
  t.equal(fitToBytes('안녕하세요', 7), '안녕.');
  t.equal(fitToBytes('abc', 5), 'abc..');
  t.equal(fitToBytes('abcdef', 3), 'abc');
});

t.test('writeMixes writes one JSON file a variant, for curl', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-mixes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const paths = writeMixes(dir, [buildMix('200b', 2), buildMix('sse', 2)]);
  t.equal(paths.length, 4);
  t.same(readdirSync(dir).sort(), ['200b-0.json', '200b-1.json', 'sse-0.json', 'sse-1.json']);
  t.equal(readFileSync(join(dir, 'sse-1.json'), 'utf8'), buildMix('sse', 2).bodies[1]);
});
