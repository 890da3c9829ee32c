// Packages the built filter the two ways Istio's WasmPlugin can fetch it:
//   - https: the module file itself plus its sha256 (build/aegis_filter.wasm.sha256), for
//     `url: https://.../aegis_filter.wasm` with `sha256: <hex>`;
//   - oci: an OCI image layout (build/oci/) in the Wasm "oci" image variant Istio reads
//     (solo-io/wasm spec): two layers, the runtime config
//     (application/vnd.module.wasm.config.v1+json) and the raw module
//     (application/vnd.module.wasm.content.layer.v1+wasm). Push it with
//     `oras cp --from-oci-layout build/oci:<tag> <registry>/<repo>:<tag>`, then use
//     `url: oci://<registry>/<repo>:<tag>` with `sha256: <manifest digest hex>`.
// The output is reproducible: no timestamps, fixed key order, so the same module always
// gives the same manifest digest.
//
// Usage: npx tsx scripts/package-wasm.ts [--wasm build/aegis_filter.wasm] [--out build]
//                                        [--tag <package.json version>]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MEDIA_TYPES = Object.freeze({
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  wasmConfig: 'application/vnd.module.wasm.config.v1+json',
  wasmLayer: 'application/vnd.module.wasm.content.layer.v1+wasm',
});

/** The root context id the filter registers (registerRootContext(..., "aegis")). */
export const ROOT_ID = 'aegis';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Package {
  /** Hex sha256 of the module: the WasmPlugin `sha256` for an https url. */
  readonly wasmSha256: string;
  /** Hex sha256 of the image manifest: the WasmPlugin `sha256` for an oci url. */
  readonly manifestSha256: string;
  readonly tag: string;
  /** Files of the OCI layout, path relative to the layout root → content. */
  readonly layout: ReadonlyMap<string, Buffer>;
}

interface Options {
  readonly wasm: string;
  readonly out: string;
  readonly tag: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The proxy-wasm ABI versions the module exports (proxy_abi_version_0_2_1, ...). */
export function proxyAbiVersions(wasm: Buffer): string[] {
  if (wasm.length < 8 || wasm.readUInt32BE(0) !== 0x0061736d) throw new Error('not a WebAssembly module (no \\0asm magic)');
  const bytes = new Uint8Array(wasm);
  if (!WebAssembly.validate(bytes)) throw new Error('not a valid WebAssembly module');
  const abis = WebAssembly.Module.exports(new WebAssembly.Module(bytes))
    .map((e) => e.name)
    .filter((name) => name.startsWith('proxy_abi_version_'));
  if (abis.length === 0) throw new Error('the module exports no proxy_abi_version_* function: not a proxy-wasm filter');
  return abis.sort();
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function descriptor(mediaType: string, data: Buffer, annotations?: Record<string, string>): Descriptor {
  return { mediaType, digest: `sha256:${sha256(data)}`, size: data.length, ...(annotations ? { annotations } : {}) };
}

/** Builds the https digest and the OCI layout of one module, in memory. */
export function buildPackage(wasm: Buffer, tag: string): Package {
  const runtimeConfig = json({ type: 'envoy_proxy', abiVersions: proxyAbiVersions(wasm), config: { root_ids: [ROOT_ID] } });
  const configLayer = descriptor(MEDIA_TYPES.wasmConfig, runtimeConfig, { 'org.opencontainers.image.title': 'runtime-config.json' });
  const wasmLayer = descriptor(MEDIA_TYPES.wasmLayer, wasm, { 'org.opencontainers.image.title': 'plugin.wasm' });
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: descriptor(MEDIA_TYPES.wasmConfig, runtimeConfig),
    // Istio's fetcher wants exactly these two layers for this variant.
    layers: [configLayer, wasmLayer],
    annotations: { 'org.opencontainers.image.title': 'aegis-filter', 'org.opencontainers.image.version': tag },
  });
  const index = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.index,
    manifests: [descriptor(MEDIA_TYPES.manifest, manifest, { 'org.opencontainers.image.ref.name': tag })],
  });
  const layout = new Map<string, Buffer>([
    ['oci-layout', json({ imageLayoutVersion: '1.0.0' })],
    ['index.json', index],
  ]);
  for (const blob of [runtimeConfig, wasm, manifest]) layout.set(`blobs/sha256/${sha256(blob)}`, blob);
  return { wasmSha256: sha256(wasm), manifestSha256: sha256(manifest), tag, layout };
}

/** Writes <out>/oci/ (replacing an old layout) and <out>/<module>.sha256 in sha256sum format. */
export function writePackage(pkg: Package, wasmPath: string, out: string): void {
  const layoutDir = join(out, 'oci');
  rmSync(layoutDir, { recursive: true, force: true });
  for (const [path, data] of pkg.layout) {
    mkdirSync(dirname(join(layoutDir, path)), { recursive: true });
    writeFileSync(join(layoutDir, path), data);
  }
  writeFileSync(join(out, `${basename(wasmPath)}.sha256`), `${pkg.wasmSha256}  ${basename(wasmPath)}\n`);
}

function parseArgs(argv: readonly string[]): Options {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const opts = { wasm: join(ROOT, 'build', 'aegis_filter.wasm'), out: join(ROOT, 'build'), tag: version };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined || !['--wasm', '--out', '--tag'].includes(flag ?? '')) {
      throw new Error(`usage: package-wasm.ts [--wasm FILE] [--out DIR] [--tag TAG] (bad argument ${flag ?? ''})`);
    }
    opts[flag!.slice(2) as keyof typeof opts] = flag === '--tag' ? value : resolve(value);
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(opts.tag)) throw new Error(`--tag ${opts.tag}: not a valid OCI tag`);
  return opts;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  let wasm: Buffer;
  try {
    wasm = readFileSync(opts.wasm);
  } catch {
    throw new Error(`${opts.wasm}: cannot read the filter; build it first with \`npm run build:filter\``);
  }
  const pkg = buildPackage(wasm, opts.tag);
  writePackage(pkg, opts.wasm, opts.out);
  const name = basename(opts.wasm);
  console.log(`https: ${join(opts.out, name)}  sha256 ${pkg.wasmSha256}  (also in ${name}.sha256)`);
  console.log(`oci:   ${join(opts.out, 'oci')}  tag ${pkg.tag}  manifest sha256 ${pkg.manifestSha256}`);
  console.log(`push:  oras cp --from-oci-layout ${join(opts.out, 'oci')}:${pkg.tag} REGISTRY/aegis/filter:${pkg.tag}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`package-wasm: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
