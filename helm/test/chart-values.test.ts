// Assertions on the fields that matter, helm-unittest style: render, pick the object, check.
import t from 'tap';
import { parse } from 'yaml';
import { find, render, templateRaw, NAMESPACE, RELEASE, type K8sObject } from '../testlib/helm.js';

const defaults = render();
const deployment = find(defaults, 'Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

function env(c: any): Record<string, any> {
  return Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

function podOf(objects: K8sObject[]): any {
  return find(objects, 'Deployment').spec.template;
}

t.test('the authz container runs non-root on a read-only root filesystem', async (t) => {
  t.match(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  t.ok(pod.securityContext.runAsUser > 0, 'a non-zero uid');
  t.match(container.securityContext, { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  t.same(container.volumeMounts.find((m: any) => m.mountPath === '/tmp')?.name, 'tmp', 'a writable /tmp');
  t.equal(pod.automountServiceAccountToken, false, 'no API token');
});

t.test('every probe asks the health endpoint on the admin port', async (t) => {
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    t.same(container[probe].httpGet, { path: '/api/v1/health', port: 'http-admin' }, probe);
  }
  t.same(container.ports, [
    { name: 'grpc', containerPort: 9191, protocol: 'TCP' },
    { name: 'http-admin', containerPort: 8081, protocol: 'TCP' },
  ]);
  t.match(env(container), { PORT: '8081', AEGIS_ADMIN_HOST: '0.0.0.0', AEGIS_GRPC_PORT: '9191', AEGIS_GRPC_HOST: '0.0.0.0' });
});

t.test('a rollout keeps capacity: surge first, drain on preStop, grace covers the drain', async (t) => {
  t.equal(deployment.spec.replicas, 2);
  t.same(deployment.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  t.same(container.lifecycle.preStop.exec.command, ['sleep', '5']);
  t.equal(pod.terminationGracePeriodSeconds, 30);
  t.equal(env(container)['AEGIS_SHUTDOWN_GRACE_MS'], '10000');
  const r = templateRaw({ values: { terminationGracePeriodSeconds: 10 } });
  t.not(r.status, 0, 'a grace period shorter than preStop + drain is refused');
  t.match(r.stderr, /terminationGracePeriodSeconds/);
  const noHook = podOf(render({ values: { lifecycle: { preStopSleepSeconds: 0 } } }));
  t.notOk(noHook.spec.containers[0].lifecycle, 'preStopSleepSeconds 0 removes the hook');
});

t.test('selectors hold only stable labels and agree with each other', async (t) => {
  const selector = deployment.spec.selector.matchLabels;
  t.same(selector, { 'app.kubernetes.io/name': 'aegis', 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/component': 'authz' });
  t.notOk('helm.sh/chart' in selector, 'no helm.sh/chart in the selector');
  t.notOk('app.kubernetes.io/version' in selector, 'no version in the selector');
  t.match(deployment.spec.template.metadata.labels, selector, 'the pods carry the selector labels');
  for (const svc of defaults.filter((o) => o.kind === 'Service')) t.same(svc.spec.selector, selector, `${svc.metadata.name} selects the pods`);
  t.same(find(defaults, 'PodDisruptionBudget').spec.selector.matchLabels, selector);
  for (const c of pod.topologySpreadConstraints) t.same(c.labelSelector.matchLabels, selector, `spread over ${c.topologyKey}`);
  t.same(pod.topologySpreadConstraints.map((c: any) => c.topologyKey), ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
});

t.test('resources are unset by default and passed through when set', async (t) => {
  t.notOk('resources' in container, 'no resources by default');
  const full = podOf(render({ ciFile: 'full-values.yaml' }));
  t.same(full.spec.containers[0].resources, { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } });
});

t.test('optional cluster features are off by default', async (t) => {
  for (const kind of ['ServiceMonitor', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'WasmPlugin', 'AuthorizationPolicy']) {
    t.notOk(defaults.some((o) => o.kind === kind), `no ${kind}`);
  }
});

t.test('the policy checksum changes with the policy and only with it', async (t) => {
  const checksum = (values?: object) => podOf(render(values ? { values } : {})).metadata.annotations['checksum/policy'];
  const policy = (text: string) => ({ policy: { files: { 'rules.yaml': text } } });
  const a = checksum(policy('version: 1\nrules: []\n'));
  t.match(a, /^[a-f0-9]{64}$/);
  t.equal(checksum(policy('version: 1\nrules: []\n')), a, 'the same policy, the same checksum');
  t.not(checksum(policy('version: 1\nrules:\n  - {name: x, action: deny}\n')), a, 'an edit rolls the pods');
  t.equal(checksum({ config: { logLevel: 'debug' } }), checksum(), 'a setting alone does not touch the policy checksum');
});

t.test('the secrets checksum changes with a key reference or secretsRevision', async (t) => {
  const checksum = (values?: object) => podOf(render(values ? { values } : {})).metadata.annotations['checksum/secrets'];
  const base = checksum({ apiKeys: { existingSecret: 'keys-v1' } });
  t.not(checksum({ apiKeys: { existingSecret: 'keys-v2' } }), base, 'another keys Secret');
  t.not(checksum({ apiKeys: { existingSecret: 'keys-v1' }, secretsRevision: '2' }), base, 'a bumped secretsRevision');
  t.not(checksum({ apiKeys: { existingSecret: 'keys-v1' }, providerKeys: { existingSecret: 'p' } }), base, 'provider keys');
});

t.test('policy files become a ConfigMap mounted at /etc/aegis/policy', async (t) => {
  const objects = render({ ciFile: 'full-values.yaml' });
  const cm = find(objects, 'ConfigMap', '-policy');
  t.same(Object.keys(cm.data!).sort(), ['10-models.yaml', '20-rules.yaml']);
  t.match(parse(cm.data!['20-rules.yaml']!), { version: 1, rules: [{ name: 'deny_prompt_injection' }, { name: 'deny_secrets' }] });
  const spec = podOf(objects).spec;
  t.match(spec.containers[0].volumeMounts, [{ name: 'tmp' }, { name: 'policy', mountPath: '/etc/aegis/policy', readOnly: true }]);
  t.same(spec.volumes.find((v: any) => v.name === 'policy').configMap, { name: `${RELEASE}-policy` });
  t.equal(env(spec.containers[0])['AEGIS_POLICY_FILE'], '/etc/aegis/policy');
  t.notOk('AEGIS_POLICY_FILE' in env(container), 'no policy file by default: the embedded default policy');
  const existing = podOf(render({ values: { policy: { existingConfigMap: 'team-policy' } } })).spec;
  t.same(existing.volumes.find((v: any) => v.name === 'policy').configMap, { name: 'team-policy' });
});

t.test('API keys, provider keys and Redis come from existing Secrets', async (t) => {
  const spec = podOf(render({ ciFile: 'full-values.yaml' })).spec;
  const e = env(spec.containers[0]);
  t.same(spec.volumes.find((v: any) => v.name === 'keys').secret, { secretName: 'aegis-api-keys', items: [{ key: 'keys.yaml', path: 'keys.yaml' }] });
  t.match(spec.containers[0].volumeMounts, [{}, {}, { name: 'keys', mountPath: '/etc/aegis/keys', readOnly: true }]);
  t.equal(e['AEGIS_KEYS_FILE'], '/etc/aegis/keys/keys.yaml');
  t.same(e['OPENAI_API_KEY'], { secretKeyRef: { name: 'aegis-provider-keys', key: 'OPENAI_API_KEY', optional: true } });
  t.ok(e['ANTHROPIC_API_KEY'] && e['AZURE_OPENAI_KEY'] && e['AZURE_OPENAI_ENDPOINT'], 'the other providers');
  t.notOk('GOOGLE_AI_API_KEY' in e, 'a provider mapped to "" is left out');
  t.same(e['REDIS_URL'], { secretKeyRef: { name: 'aegis-redis', key: 'url' } });
  t.equal(env(podOf(render({ ciFile: 'istio-oci-values.yaml' })).spec.containers[0])['REDIS_URL'], 'redis://redis-master.redis.svc.cluster.local:6379/0');
  for (const name of ['REDIS_URL', 'AEGIS_KEYS_FILE', 'OPENAI_API_KEY']) t.notOk(name in env(container), `no ${name} by default`);
  t.notOk(defaults.some((o) => o.kind === 'Secret'), 'the chart never renders a Secret');
});

t.test('the Services expose gRPC and admin, and a headless one for plain Envoy', async (t) => {
  const svc = find(defaults, 'Service', RELEASE);
  t.match(svc.spec.ports, [
    { name: 'grpc', port: 9191, targetPort: 'grpc', appProtocol: 'grpc' },
    { name: 'http-admin', port: 8081, targetPort: 'http-admin', appProtocol: 'http' },
  ]);
  const headless = find(defaults, 'Service', '-headless');
  t.equal(headless.spec.clusterIP, 'None');
  t.equal(headless.spec.publishNotReadyAddresses, false);
});

t.test('the full value set: HPA, PDB, ServiceMonitor and NetworkPolicy', async (t) => {
  const objects = render({ ciFile: 'full-values.yaml' });
  t.notOk('replicas' in find(objects, 'Deployment').spec, 'the HPA owns the replica count');
  t.match(find(objects, 'HorizontalPodAutoscaler').spec, {
    scaleTargetRef: { kind: 'Deployment', name: RELEASE }, minReplicas: 3, maxReplicas: 12,
    metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70 } } }, { resource: { name: 'memory', target: { averageUtilization: 80 } } }],
  });
  t.same(find(objects, 'PodDisruptionBudget').spec.minAvailable, 2);
  t.notOk('maxUnavailable' in find(objects, 'PodDisruptionBudget').spec);
  const sm = find(objects, 'ServiceMonitor');
  t.equal(sm.metadata.namespace, 'monitoring');
  t.equal(sm.metadata.labels!['release'], 'kube-prometheus-stack');
  t.same(sm.spec.namespaceSelector, { matchNames: [NAMESPACE] });
  t.match(sm.spec.endpoints, [{ port: 'http-admin', path: '/api/v1/metrics', interval: '15s' }]);
  const np = find(objects, 'NetworkPolicy');
  t.same(np.spec.policyTypes, ['Ingress', 'Egress']);
  t.match(np.spec.ingress, [{ ports: [{ port: 'grpc' }], from: [{ namespaceSelector: {} }] }, { ports: [{ port: 'http-admin' }] }]);
  t.match(np.spec.egress, [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }, { ports: [{ port: 6379 }] }]);
  const r = templateRaw({ values: { autoscaling: { enabled: true } } });
  t.not(r.status, 0, 'an HPA without requests.cpu is refused');
  t.match(r.stderr, /requests\.cpu/);
});

t.test('the filter config is one JSON document for both modes', async (t) => {
  t.equal(find(defaults, 'ConfigMap', '-filter').data!['filter-config.json'], '{}');
  const objects = render({ ciFile: 'istio-oci-values.yaml' });
  const json = JSON.parse(find(objects, 'ConfigMap', '-filter').data!['filter-config.json']!);
  t.same(json, { mode: 'enforce' });
  t.same(find(objects, 'WasmPlugin').spec.pluginConfig, json, 'the WasmPlugin pluginConfig is the same document');
});

t.test('the WasmPlugin: url, sha256, root id, phase, priority, failStrategy', async (t) => {
  const oci = find(render({ ciFile: 'istio-oci-values.yaml' }), 'WasmPlugin');
  t.equal(oci.metadata.namespace, 'istio-egress');
  t.match(oci.spec, {
    selector: { matchLabels: { istio: 'egressgateway' } },
    url: 'oci://registry.example.com/aegis/filter:0.1.0',
    sha256: '5e82b945b59d03620fb360193753cbd08955e30a658dc51735a0fcbc2163d41c',
    imagePullPolicy: 'IfNotPresent', imagePullSecret: 'registry-credentials',
    pluginName: 'aegis', type: 'HTTP', phase: 'AUTHN', priority: 1000, failStrategy: 'FAIL_CLOSE',
    match: [{ mode: 'CLIENT' }],
  });
  const https = find(render({ ciFile: 'istio-https-values.yaml' }), 'WasmPlugin');
  t.match(https.spec, { url: 'https://artifacts.example.com/aegis/0.1.0/aegis_filter.wasm', sha256: 'd0a165298ae270c5644be8e9938036a3a7a5191f6be03286c40874d761c18abf', phase: 'AUTHZ' });
  t.notOk('imagePullPolicy' in https.spec, 'no pull policy for https');
  t.notOk('selector' in https.spec, 'targetRefs instead of a selector');
  t.same(https.spec.targetRefs, [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'llm-gateway' }]);
  t.notOk('pluginConfig' in https.spec, 'no pluginConfig when the filter config is empty');
});

const refused: Array<{ name: string; istio: object; message: RegExp }> = [
  { name: 'no url', istio: { selector: { matchLabels: { app: 'gw' } } }, message: /wasmPlugin\.url is required/ },
  { name: 'an https url without sha256', istio: { selector: { matchLabels: { app: 'gw' } }, wasmPlugin: { url: 'https://h/f.wasm' } }, message: /sha256 is required/ },
  { name: 'no workload selection', istio: { wasmPlugin: { url: 'oci://r/f:1' } }, message: /selector\.matchLabels \(or istio\.targetRefs\) is required/ },
  { name: 'an empty rule list', istio: { selector: { matchLabels: { app: 'gw' } }, wasmPlugin: { url: 'oci://r/f:1' }, authorizationPolicy: { rules: [] } }, message: /rules must not be empty/ },
];
for (const c of refused) {
  t.test(`Istio mode refuses ${c.name}`, async (t) => {
    const r = templateRaw({ values: { istio: { enabled: true, ...c.istio } } });
    t.not(r.status, 0);
    t.match(r.stderr, c.message);
  });
}

t.test('the AuthorizationPolicy is CUSTOM with the extension provider, on LLM paths', async (t) => {
  const objects = render({ ciFile: 'istio-oci-values.yaml' });
  const policy = find(objects, 'AuthorizationPolicy');
  t.equal(policy.metadata.namespace, 'istio-egress');
  t.match(policy.spec, { selector: { matchLabels: { istio: 'egressgateway' } }, action: 'CUSTOM', provider: { name: 'aegis-authz' } });
  t.same(policy.spec.rules, [{ to: [{ operation: { paths: ['/v1/*', '/openai/*', '/v1beta/*'] } }] }]);
  const custom = find(render({ ciFile: 'istio-https-values.yaml' }), 'AuthorizationPolicy');
  t.equal(custom.spec.provider.name, 'aegis', 'the provider name follows istio.extensionProvider.name');
});

t.test('the meshConfig extension provider sets its own timeout, status and body settings', async (t) => {
  const providerOf = (objects: K8sObject[]) => {
    const mesh = parse(find(objects, 'ConfigMap', '-istio-mesh-config').data!['mesh-config.yaml']!);
    t.equal(mesh.meshConfig.extensionProviders.length, 1);
    return mesh.meshConfig.extensionProviders[0];
  };
  const byDefault = providerOf(render({ values: { istio: { enabled: true, selector: { matchLabels: { app: 'gw' } }, wasmPlugin: { url: 'oci://r/f:1' } } } }));
  t.same(byDefault, {
    name: 'aegis-authz',
    envoyExtAuthzGrpc: {
      service: `${RELEASE}.${NAMESPACE}.svc.cluster.local`,
      port: 9191,
      timeout: '0.5s',
      failOpen: false,
      statusOnError: '503',
      includeRequestBodyInCheck: { maxRequestBytes: 4194304, allowPartialMessage: false, packAsBytes: true },
    },
  }, 'an explicit 0.5s, not Istio\'s 600s default');
  const https = providerOf(render({ ciFile: 'istio-https-values.yaml' }));
  t.match(https, { name: 'aegis', envoyExtAuthzGrpc: { timeout: '0.3s', failOpen: true } });
  t.notOk('includeRequestBodyInCheck' in https.envoyExtAuthzGrpc, 'the body can be left out');
  t.equal(find(render({ ciFile: 'istio-oci-values.yaml' }), 'ConfigMap', '-istio-mesh-config').metadata.namespace, NAMESPACE);
});
