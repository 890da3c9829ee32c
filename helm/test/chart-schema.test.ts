// values.yaml and values.schema.json: a comment on every value, the two trees in step, and
// `additionalProperties: false` on the chart's own objects turning a typo into an error.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { helm, templateRaw } from '../testlib/helm.js';
import { CHART_DIR } from '../testlib/paths.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; [k: string]: unknown };
const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Schema & { definitions: Record<string, Schema> };
const valuesDoc = parseDocument(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));

function resolveRef(s: Schema): Schema {
  return s.$ref ? schema.definitions[s.$ref.replace('#/definitions/', '')]! : s;
}

/** Visits every key of the objects the chart owns (additionalProperties: false). */
function walkOwned(map: YAMLMap, s: Schema, path: string, visit: (path: string, key: any, s: Schema, comment: string) => void): void {
  map.items.forEach((pair, i) => {
    const key = pair.key as any;
    // The yaml library keeps the comment above a map's first key on the map itself.
    const comment = String(key.commentBefore ?? (i === 0 ? map.commentBefore : '') ?? '');
    const keyPath = path ? `${path}.${key.value}` : String(key.value);
    const child = s.properties?.[key.value];
    visit(keyPath, key, s, comment);
    if (child && isMap(pair.value) && resolveRef(child).additionalProperties === false) {
      walkOwned(pair.value, resolveRef(child), keyPath, visit);
    }
  });
}

t.test('every value of the objects the chart owns has a comment', async (t) => {
  let checked = 0;
  walkOwned(valuesDoc.contents as YAMLMap, schema, '', (path, _key, _s, comment) => {
    checked++;
    t.ok(comment.trim().length > 0, `${path} has a comment`);
  });
  t.ok(checked > 80, `${checked} values checked`);
});

t.test('every value is described by the schema, and every schema property has a default', async (t) => {
  walkOwned(valuesDoc.contents as YAMLMap, schema, '', (path, key, s) => {
    t.ok(s.properties && key.value in s.properties, `${path} is in values.schema.json`);
  });
  const values = valuesDoc.toJS() as Record<string, any>;
  const missing: string[] = [];
  const check = (s: Schema, v: any, path: string) => {
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      if (path === '' && name === 'global') continue;
      const p = path ? `${path}.${name}` : name;
      if (!(v && typeof v === 'object' && name in v)) missing.push(p);
      else if (resolveRef(child).additionalProperties === false) check(resolveRef(child), v[name], p);
    }
  };
  check(schema, values, '');
  t.same(missing, [], 'schema properties without a value in values.yaml');
});

t.test('the objects the chart owns reject unknown keys', async (t) => {
  let owned = 0;
  const check = (s: Schema, path: string) => {
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const c = resolveRef(child);
      if (c.type === 'object' && c.properties) {
        owned++;
        t.equal(c.additionalProperties, false, `${path}${name} has additionalProperties: false`);
        check(c, `${path}${name}.`);
      }
    }
  };
  t.equal(schema.additionalProperties, false, 'the root has additionalProperties: false');
  check(schema, '');
  t.ok(owned > 15, `${owned} owned objects`);
});

const rejected: Array<{ name: string; values: object; message: RegExp }> = [
  { name: 'an unknown top-level key', values: { replicas: 3 }, message: /additional propert/i },
  { name: 'a misspelt nested key', values: { image: { tagg: '1.0' } }, message: /additional propert/i },
  { name: 'an unknown key under istio.wasmPlugin', values: { istio: { wasmPlugin: { sha265: 'x' } } }, message: /additional propert/i },
  { name: 'an unknown provider variable', values: { providerKeys: { secretKeys: { MISTRAL_API_KEY: 'k' } } }, message: /additional propert/i },
  { name: 'a string where a number belongs', values: { replicaCount: 'two' }, message: /replicaCount/ },
  { name: 'a phase after the CUSTOM ext_authz filter', values: { istio: { wasmPlugin: { phase: 'STATS' } } }, message: /phase/ },
  { name: 'a sha256 that is not 64 hex digits', values: { istio: { wasmPlugin: { sha256: 'sha256:abc' } } }, message: /sha256/ },
  { name: 'a plain http wasm url', values: { istio: { wasmPlugin: { url: 'http://example.com/f.wasm' } } }, message: /url/ },
  { name: 'a timeout without a unit', values: { istio: { extensionProvider: { timeout: '500' } } }, message: /timeout/ },
  { name: 'a policy file that is not YAML', values: { policy: { files: { 'policy.json': '{}' } } }, message: /policy\.json/ },
];

for (const c of rejected) {
  t.test(`helm template and helm lint refuse ${c.name}`, async (t) => {
    const r = templateRaw({ values: c.values });
    t.not(r.status, 0, 'helm template fails');
    t.match(r.stderr, /values don't meet the specifications of the schema/);
    t.match(r.stderr, c.message);
  });
}

t.test('helm lint refuses an unknown key too', async (t) => {
  const r = templateRaw({ values: { replicas: 3 } });
  t.not(r.status, 0);
  const lint = helm(['lint', CHART_DIR, '--set', 'replicas=3']);
  t.not(lint.status, 0, 'helm lint fails');
  t.match(lint.stdout + lint.stderr, /additional propert/i);
});
