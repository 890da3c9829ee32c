// API keys: hashed at rest, compared in constant time, loaded from a YAML file.
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createKeyStore, sha256 } from '../src/key-store.js';
import { demoKeyEntry, loadKeysFile } from '../src/keys-file.js';

t.test('lookups compare digests with crypto.timingSafeEqual, hit or miss', async (t) => {
  const store = createKeyStore([demoKeyEntry('the-demo-key')]);
  const calls = t.capture(crypto, 'timingSafeEqual', crypto.timingSafeEqual);
  t.equal(store.lookup('the-demo-key')?.tenant, 'demo');
  t.equal(store.lookup('not-the-key'), undefined);
  const seen = calls();
  t.equal(seen.length, 2, 'one constant-time compare per lookup, also when nothing matched');
  for (const call of seen) {
    t.equal((call.args[0] as Buffer).length, 32, 'compares 32-byte sha256 digests');
    t.equal((call.args[1] as Buffer).length, 32);
  }
});

t.test('the demo key is kept only as its sha256', async (t) => {
  const entry = demoKeyEntry('plain-demo-key');
  t.same(entry.digest, sha256('plain-demo-key'));
  t.notOk(JSON.stringify(entry).includes('plain-demo-key'));
});

t.test('a keys file binds hashed keys to tenants', async (t) => {
  const dir = t.testdir({
    'keys.yaml': `keys:\n  - id: team-a-ci\n    tenant: team-a\n    sha256: ${sha256('team-a-key').toString('hex')}\n    description: CI of team A\n`,
  });
  const store = createKeyStore(loadKeysFile(join(dir, 'keys.yaml')));
  t.match(store.lookup('team-a-key'), { id: 'team-a-ci', tenant: 'team-a' });
  t.same([...store.tenants], ['team-a']);
});

t.test('a bad keys file is an error naming file, line and field', async (t) => {
  const dir = t.testdir({});
  const hash = sha256('x').toString('hex');
  const table: [string, RegExp][] = [
    [`keys:\n  - id: a\n    tenant: Team A\n    sha256: ${hash}\n`, /keys\.yaml:3:13: keys\[0\]\.tenant: must match pattern/],
    [`keys:\n  - id: a\n    tenant: t\n    sha256: abc\n`, /keys\.yaml:4:13: keys\[0\]\.sha256/],
    [`keys:\n  - id: a\n    tenant: t\n    sha256: ${hash}\n    secret: oops\n`, /keys\.yaml:5:5: keys\[0\]\.secret: unknown field/],
    [`keys:\n  - id: a\n    tenant: t\n    sha256: ${hash}\n  - id: a\n    tenant: u\n    sha256: ${sha256('y').toString('hex')}\n`, /keys\[1\]\.id: duplicates keys\[0\]\.id/],
    [`keys: [\n`, /keys\.yaml:\d+:\d+: /],
    [`nokeys: 1\n`, /keys\.yaml:1:1: \(document\): must have required property 'keys'/],
  ];
  for (const [text, message] of table) {
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, text);
    t.throws(() => loadKeysFile(file), { code: 'authz.keys_invalid', message }, message.source);
  }
  t.throws(() => loadKeysFile(join(dir, 'missing.yaml')), { message: /missing\.yaml: cannot read: ENOENT/ });
});
