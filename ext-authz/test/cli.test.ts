// The `aegis` command line, run in-process.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runCli, type Io } from '../src/cli.js';
import { FIXTURES, startTestServer } from '../test-support/harness.js';

function capture(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => void stdout.push(s), err: (s) => void stderr.push(s), stdin: () => stdin };
}

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

t.test('hash-key prints the sha256 of a key, from the argument or stdin', async (t) => {
  const io = capture();
  t.equal(await runCli(['hash-key', 'aegis-example-key-do-not-use'], io), 0);
  t.same(io.stdout, ['c5c499ac40581fc57d65cfa35911c529c487740ba4794dc8bc888d38bb067c72']);
  const piped = capture('aegis-example-key-do-not-use\n');
  t.equal(await runCli(['hash-key'], piped), 0);
  t.same(piped.stdout, io.stdout);
});

t.test('validate accepts the example files and names the place of an error', async (t) => {
  const ok = capture();
  t.equal(await runCli(['validate', '--policy', join(examples, 'policy.yaml'), '--keys', join(examples, 'keys.yaml')], ok), 0);
  t.match(ok.stdout, [/^policy ok: policy\.yaml@/, 'keys ok: 1 keys']);
  const dir = t.testdir({ 'bad.yaml': 'version: 1\nrules:\n  - name: x\n    action: nope\n' });
  const bad = capture();
  t.equal(await runCli(['validate', '--policy', join(dir, 'bad.yaml')], bad), 1);
  t.match(bad.stderr, [/authz\.policy_invalid: .*bad\.yaml:4:13: rules\[0\]\.action/]);
});

t.test('check sends a fixture to a running service', async (t) => {
  const { server } = await startTestServer(t);
  const io = capture();
  t.equal(await runCli(['check', join(FIXTURES, 'check-requests', 'allowed-chat.json'), '--addr', `127.0.0.1:${server.grpcPort}`], io), 0);
  t.match(JSON.parse(io.stdout[0] ?? '{}'), { status: { code: 0 }, ok_response: {} });
});

t.test('an unknown command prints the usage', async (t) => {
  const io = capture();
  t.equal(await runCli(['frobnicate'], io), 2);
  t.match(io.stderr[0], /^usage:/);
});
