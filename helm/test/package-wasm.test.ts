// scripts/package-wasm.ts: the https file with its sha256, and an OCI image layout in the
// Wasm "oci" variant Istio's WasmPlugin fetcher reads.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../testlib/paths.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'package-wasm.ts');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** The smallest proxy-wasm-looking module: one exported function, proxy_abi_version_0_2_1. */
function tinyFilter(): Buffer {
  const name = Buffer.from('proxy_abi_version_0_2_1');
  const exportBody = Buffer.concat([Buffer.from([1, name.length]), name, Buffer.from([0, 0])]);
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    Buffer.from([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]), // type section: () -> ()
    Buffer.from([0x03, 0x02, 0x01, 0x00]), // function section
    Buffer.from([0x07, exportBody.length]), exportBody, // export section
    Buffer.from([0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b]), // code section: empty body
  ]);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function run(t: any, args: string[]) {
  const r = spawnSync(TSX, [SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

function workdir(t: any, wasm?: Buffer): { dir: string; wasmPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-pkg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const wasmPath = join(dir, 'aegis_filter.wasm');
  if (wasm) writeFileSync(wasmPath, wasm);
  return { dir, wasmPath };
}

t.test('the tiny module is valid WebAssembly', async (t) => {
  t.ok(WebAssembly.validate(new Uint8Array(tinyFilter())));
});

t.test('packages a module as an https file with its sha256 and an OCI layout', async (t) => {
  const wasm = tinyFilter();
  const { dir, wasmPath } = workdir(t, wasm);
  const r = run(t, ['--wasm', wasmPath, '--out', dir, '--tag', '1.2.3']);
  t.equal(r.status, 0, r.stderr);

  t.equal(readFileSync(join(dir, 'aegis_filter.wasm.sha256'), 'utf8'), `${sha(wasm)}  aegis_filter.wasm\n`, 'sha256sum format');
  t.match(r.stdout, sha(wasm));

  const layout = join(dir, 'oci');
  t.same(JSON.parse(readFileSync(join(layout, 'oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
  const blobsDir = join(layout, 'blobs', 'sha256');
  const blob = (digest: string) => readFileSync(join(blobsDir, digest.replace('sha256:', '')));
  for (const name of readdirSync(blobsDir)) t.equal(sha(readFileSync(join(blobsDir, name))), name, `blob ${name.slice(0, 12)} is named by its digest`);
  t.equal(readdirSync(blobsDir).length, 3, 'config, module, manifest');

  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  t.match(index, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json' });
  t.equal(index.manifests.length, 1);
  const ref = index.manifests[0];
  t.match(ref, { mediaType: 'application/vnd.oci.image.manifest.v1+json', annotations: { 'org.opencontainers.image.ref.name': '1.2.3' } });
  const manifestBytes = blob(ref.digest);
  t.equal(manifestBytes.length, ref.size, 'manifest size');
  t.match(r.stdout, `manifest sha256 ${ref.digest.replace('sha256:', '')}`, 'prints the manifest digest for the WasmPlugin sha256');

  const manifest = JSON.parse(manifestBytes.toString('utf8'));
  t.match(manifest, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.module.wasm.config.v1+json' } });
  t.same(manifest.layers.map((l: any) => l.mediaType), ['application/vnd.module.wasm.config.v1+json', 'application/vnd.module.wasm.content.layer.v1+wasm'], 'the two layers Istio wants');
  for (const d of [manifest.config, ...manifest.layers]) t.equal(blob(d.digest).length, d.size, `${d.mediaType} size`);
  const wasmLayer = manifest.layers[1];
  t.ok(blob(wasmLayer.digest).equals(wasm), 'the module layer is the raw module');
  t.equal(wasmLayer.digest, `sha256:${sha(wasm)}`);
  t.equal(wasmLayer.annotations['org.opencontainers.image.title'], 'plugin.wasm');
  t.same(JSON.parse(blob(manifest.config.digest).toString('utf8')), { type: 'envoy_proxy', abiVersions: ['proxy_abi_version_0_2_1'], config: { root_ids: ['aegis'] } });
});

t.test('packaging is reproducible and replaces an old layout', async (t) => {
  const { dir, wasmPath } = workdir(t, tinyFilter());
  const digest = () => JSON.parse(readFileSync(join(dir, 'oci', 'index.json'), 'utf8')).manifests[0].digest;
  t.equal(run(t, ['--wasm', wasmPath, '--out', dir]).status, 0);
  const first = digest();
  writeFileSync(join(dir, 'oci', 'blobs', 'sha256', 'stale'), 'x');
  t.equal(run(t, ['--wasm', wasmPath, '--out', dir]).status, 0);
  t.equal(digest(), first, 'the same module gives the same manifest digest');
  t.notOk(existsSync(join(dir, 'oci', 'blobs', 'sha256', 'stale')), 'no stale blob survives');
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
  t.match(JSON.parse(readFileSync(join(dir, 'oci', 'index.json'), 'utf8')).manifests[0].annotations, { 'org.opencontainers.image.ref.name': version }, 'the tag defaults to the package version');
});

const refused: Array<{ name: string; wasm?: Buffer; args?: string[]; message: RegExp }> = [
  { name: 'a file that is not WebAssembly', wasm: Buffer.from('{"not":"wasm"}'), message: /not a WebAssembly module/ },
  { name: 'a module without the proxy-wasm ABI', wasm: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), message: /not a proxy-wasm filter/ },
  { name: 'a missing module', message: /npm run build:filter/ },
  { name: 'an invalid tag', wasm: tinyFilter(), args: ['--tag', 'bad tag'], message: /not a valid OCI tag/ },
];
for (const c of refused) {
  t.test(`refuses ${c.name} with a clear error`, async (t) => {
    const { dir, wasmPath } = workdir(t, c.wasm);
    const r = run(t, ['--wasm', wasmPath, '--out', dir, ...(c.args ?? [])]);
    t.equal(r.status, 1);
    t.match(r.stderr, c.message);
    t.notOk(existsSync(join(dir, 'oci')), 'writes nothing');
  });
}

t.test('the built filter packages too', { skip: !existsSync(join(REPO_ROOT, 'build', 'aegis_filter.wasm')) && 'build/aegis_filter.wasm not built' }, async (t) => {
  const built = readFileSync(join(REPO_ROOT, 'build', 'aegis_filter.wasm'));
  const { dir, wasmPath } = workdir(t, built);
  const r = run(t, ['--wasm', wasmPath, '--out', dir]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, sha(built));
});
