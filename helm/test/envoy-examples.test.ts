// Every plain-Envoy example in envoy/examples/ loads in real Envoy (--mode validate, the
// built filter in place of its deployment path), with the settings its comments explain.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { validateEnvoyConfig, withBuiltFilter } from '../testlib/envoy.js';
import { find, render } from '../testlib/helm.js';
import { ENVOY_EXAMPLES_DIR } from '../testlib/paths.js';

const examples = readdirSync(ENVOY_EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort();
const read = (f: string) => readFileSync(join(ENVOY_EXAMPLES_DIR, f), 'utf8');

t.test('there is an edge gateway and a sidecar example', async (t) => {
  t.same(examples, ['edge-gateway.yaml', 'sidecar.yaml']);
});

for (const file of examples) {
  t.test(`${file} loads in real Envoy`, async (t) => {
    const r = validateEnvoyConfig(withBuiltFilter(read(file)));
    t.ok(r.ok, `envoy --mode validate:\n${r.output}`);
    t.notMatch(r.output, /Deprecated field/, 'no deprecated field');
  });

  t.test(`${file} sets and explains the ext_authz and Wasm settings`, async (t) => {
    const text = read(file);
    const config = parse(text);
    const listener = config.static_resources.listeners[0];
    const hcm = listener.filter_chains[0].filters[0].typed_config;
    const filters = hcm.http_filters.map((f: any) => f.name);
    t.same(filters, ['envoy.filters.http.wasm', 'envoy.filters.http.ext_authz', 'envoy.filters.http.router'], 'wasm before ext_authz before router');

    const wasm = hcm.http_filters[0].typed_config.config;
    t.match(wasm, { root_id: 'aegis', failure_policy: 'FAIL_CLOSED', allow_on_headers_stop_iteration: true, vm_config: { runtime: 'envoy.wasm.runtime.v8' } });
    const filterConfig = JSON.parse(wasm.configuration.value);
    const maxBody: number = filterConfig.limits.max_body_bytes;

    const authz = hcm.http_filters[1].typed_config;
    t.match(authz, { failure_mode_allow: false, status_on_error: { code: 'ServiceUnavailable' }, transport_api_version: 'V3' });
    t.match(authz.grpc_service.timeout, /^\d+(\.\d+)?s$/, 'an explicit ext_authz timeout');
    t.notOk('with_request_body' in authz, 'no body buffering for every route');

    const routes = hcm.route_config.virtual_hosts.flatMap((vh: any) => vh.routes);
    const withBody = routes.filter((r: any) => r.typed_per_filter_config?.['envoy.filters.http.ext_authz']?.check_settings?.with_request_body);
    t.ok(withBody.length > 0, 'some routes send the body');
    t.ok(withBody.length < routes.length, 'not every route does');
    for (const r of withBody) {
      const body = r.typed_per_filter_config['envoy.filters.http.ext_authz'].check_settings.with_request_body;
      t.same(body, { max_request_bytes: maxBody, allow_partial_message: false, pack_as_bytes: true }, `${r.match.prefix}: the filter's limit, whole, raw`);
      t.ok(filterConfig.body.llm_path_prefixes.includes(r.match.prefix), `${r.match.prefix} is an LLM path of the filter too`);
      t.ok(r.route.timeout, `${r.match.prefix} has a route timeout`);
    }
    for (const r of routes.filter((r: any) => r.route)) {
      const provider = r.typed_per_filter_config?.['envoy.filters.http.ext_authz']?.check_settings?.context_extensions?.provider;
      t.ok(['openai', 'anthropic', 'azure', 'google'].includes(provider), `${r.match.prefix} names its provider for the service`);
    }
    t.ok(listener.per_connection_buffer_limit_bytes > maxBody, 'the connection buffer exceeds the body limit');

    for (const key of ['failure_mode_allow', 'status_on_error', 'with_request_body', 'per_connection_buffer_limit_bytes', 'allow_on_headers_stop_iteration', 'timeout: 0.5s']) {
      t.ok(hasCommentNear(text, key), `${key} is explained by a comment`);
    }
  });
}

/** A comment within the five lines above the first line that mentions `key`. */
function hasCommentNear(text: string, key: string): boolean {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(key) && !l.trim().startsWith('#'));
  return at > 0 && lines.slice(Math.max(0, at - 6), at + 1).some((l) => /#\s*\S/.test(l));
}

t.test('the chart\'s filter configurations are accepted by the built filter in Envoy', async (t) => {
  const base = parseDocument(withBuiltFilter(read('sidecar.yaml')));
  const path = ['static_resources', 'listeners', 0, 'filter_chains', 0, 'filters', 0, 'typed_config', 'http_filters', 0, 'typed_config', 'config', 'configuration', 'value'];
  const withConfig = (json: string) => {
    base.setIn(path, json);
    return validateEnvoyConfig(base.toString());
  };
  for (const ciFile of ['full-values.yaml', 'istio-oci-values.yaml']) {
    const json = find(render({ ciFile }), 'ConfigMap', '-filter').data!['filter-config.json']!;
    const r = withConfig(json);
    t.ok(r.ok, `${ciFile}: ${json}\n${r.output}`);
  }
  const r = withConfig(JSON.stringify({ mode: 'enforce', no_such_field: true }));
  t.notOk(r.ok, 'an unknown field is refused at load: the check is real');
});
