// Tenant-supplied patterns cannot cause ReDoS: what RE2 cannot run in linear time is refused
// at load with the file, line and field; what it accepts completes on the classic
// catastrophic-backtracking inputs (a backtracking engine would not finish these in our
// lifetime: completing at all is the proof, no timing involved).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import RE2 from 're2';
import t from 'tap';
import { compileGlobs } from '../src/glob.js';
import { compilePolicyText, loadPolicy } from '../src/policy-loader.js';
import { compileSafePattern, compileSafeSet, phraseSource } from '../src/safe-regex.js';

const refused: readonly [string, string][] = [
  ['a backreference', '(a+)\\\\1'],
  ['a lookahead', 'foo(?=bar)'],
  ['a negative lookahead', '^(?!admin).*'],
  ['a lookbehind', '(?<=secret)value'],
  ['an unbalanced group', '(abc'],
];

t.test('a pattern RE2 cannot run in linear time is refused at load, naming file, line and field', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'p.yaml');
  for (const [what, pattern] of refused) {
    writeFileSync(file, `version: 1\ntopics:\n  x:\n    patterns:\n      - "ok"\n      - "${pattern}"\n`);
    t.throws(() => loadPolicy(file), { code: 'authz.policy_invalid', message: /p\.yaml:6:9: topics\.x\.patterns\[1\]: not a linear-time \(RE2\) pattern/ }, `topic pattern with ${what}`);
  }
  writeFileSync(file, `version: 1\ntenants:\n  demo:\n    tools:\n      arguments:\n        - name: a\n          pattern: "(x)\\\\1"\n`);
  t.throws(() => loadPolicy(file), { message: /p\.yaml:7:11: tenants\.demo\.tools\.arguments\[0\]\.pattern: not a linear-time/ }, 'tool argument pattern');
  writeFileSync(file, `version: 1\ndefaults:\n  banned_topics: [nope]\n`);
  t.throws(() => loadPolicy(file), { message: /p\.yaml:3:19: defaults\.banned_topics\[0\]: no topic "nope" under topics/ }, 'a banned topic that is not defined');
  t.equal(compileSafePattern('x'.repeat(1001)).ok, false, 'an over-long pattern is refused');
});

const catastrophic: readonly [string, string][] = [
  ['(a+)+$', `${'a'.repeat(100_000)}!`],
  ['(a|a)*b', 'a'.repeat(100_000)],
  ['(a|aa)+c', 'a'.repeat(100_000)],
  ['^(\\w+\\s?)*$', `${'word '.repeat(20_000)}!`],
  ['(x+x+)+y', 'x'.repeat(100_000)],
  ['(.*a){20}', 'a'.repeat(50_000)],
];

t.test('catastrophic-backtracking patterns run to completion on RE2', async (t) => {
  for (const [pattern, text] of catastrophic) {
    const checked = compileSafePattern(pattern);
    if (!checked.ok) {
      t.fail(`${pattern} refused: ${checked.reason}`);
      continue;
    }
    t.ok(checked.re instanceof RE2, `${pattern} compiles on RE2, not on the backtracking RegExp engine`);
    t.type(checked.re.test(text), 'boolean', `${pattern} on ${text.length} adversarial characters completes`);
  }
  const set = compileSafeSet(catastrophic.map(([p]) => p));
  t.type(set.match('a'.repeat(200_000)), Array, 'all of them at once, as a tenant set, complete too');
});

t.test('topic and tool patterns of a policy are compiled on RE2', async (t) => {
  const policy = compilePolicyText(
    `version: 1\ntopics:\n  t:\n    patterns: ["(a+)+$"]\ndefaults:\n  banned_topics: [t]\n  tools:\n    arguments: [{ name: x, pattern: "(a|a)*b" }]\n`,
    'p.yaml',
    'p',
  );
  const scanner = policy.defaults.detectors.topics;
  t.ok(scanner);
  t.same(scanner?.scan(`${'a'.repeat(100_000)}!`), [], 'a 100k adversarial prompt scans to completion');
  const body = { messages: [{ tool_calls: [{ function: { name: 'f', arguments: JSON.stringify({ q: 'a'.repeat(100_000) }) } }] }] };
  t.same(policy.defaults.detectors.tools?.check(body), [], 'a 100k adversarial argument checks to completion');
});

t.test('keywords are literal: regex characters in a keyword match themselves', async (t) => {
  const set = compileSafeSet([phraseSource('a.b (c)+'), phraseSource('$HOME')]);
  t.same(set.match('see A.B   (C)+ here'), [0]);
  t.same(set.match('axb cc'), []);
  t.same(set.match('echo $home'), [1]);
});

t.test('globs match without regular expressions and stay fast on long values', async (t) => {
  const match = compileGlobs(['/v1/*/completions', 'gpt-4o*', '*-latest', 'a*b*c*d*e*f*g*h']);
  const table: [string, boolean][] = [
    ['/v1/chat/completions', true],
    ['/v1/completions', false],
    ['gpt-4o', true],
    ['gpt-4o-mini', true],
    ['claude-3-5-haiku-latest', true],
    ['axbxcxdxexfxgxh', true],
    ['abcdefg', false],
  ];
  for (const [value, want] of table) t.equal(match(value), want, value);
  const long = `/${'a'.repeat(60_000)}`;
  t.equal(compileGlobs(['/*a*a*a*a*a*a*a*a*b'])(long), false, 'many stars against a 60k path complete (a regex .*a.*a… would backtrack)');
  t.equal(compileGlobs(['**'])(''), true);
});
