// `helm template` over the defaults and every ci/*-values.yaml; every rendered object is
// validated against its Kubernetes, Prometheus Operator or Istio schema.
import t from 'tap';
import { ciValuesFiles, kinds, render, RELEASE } from '../testlib/helm.js';
import { validateObject } from '../testlib/models.js';

const cases: Array<{ name: string; ciFile?: string }> = [{ name: 'the defaults' }, ...ciValuesFiles().map((f) => ({ name: f, ciFile: f }))];

for (const c of cases) {
  t.test(`every object rendered with ${c.name} is valid against its schema`, async (t) => {
    const objects = render(c.ciFile ? { ciFile: c.ciFile } : {});
    t.ok(objects.length > 0, 'renders objects');
    for (const obj of objects) {
      t.doesNotThrow(() => validateObject(obj), `${obj.kind} ${obj.metadata.name}`);
    }
  });

  t.test(`objects rendered with ${c.name} follow the chart conventions`, async (t) => {
    const objects = render(c.ciFile ? { ciFile: c.ciFile } : {});
    const names = new Set<string>();
    for (const obj of objects) {
      const id = `${obj.kind} ${obj.metadata.name}`;
      t.ok(obj.metadata.name.startsWith(RELEASE), `${id} is named after the release`);
      t.ok(obj.metadata.name.length <= 63, `${id} fits a DNS label`);
      t.ok(obj.metadata.namespace, `${id} has an explicit namespace`);
      t.equal(obj.metadata.labels?.['app.kubernetes.io/instance'], RELEASE, `${id} has the instance label`);
      t.match(obj.metadata.labels?.['helm.sh/chart'], /^aegis-\d+\.\d+\.\d+/, `${id} has the chart label`);
      t.notOk(names.has(id), `${id} is rendered once`);
      names.add(id);
    }
  });
}

t.test('the defaults render only the core objects: no optional cluster feature', async (t) => {
  t.same(kinds(render()), ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service', 'Service', 'ServiceAccount']);
});

t.test('the full value set renders every authz-side object', async (t) => {
  t.same(kinds(render({ ciFile: 'full-values.yaml' })), [
    'ConfigMap', 'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget',
    'Service', 'Service', 'ServiceAccount', 'ServiceMonitor',
  ]);
});

t.test('Istio mode adds the WasmPlugin, the AuthorizationPolicy and the mesh config snippet', async (t) => {
  t.same(kinds(render({ ciFile: 'istio-oci-values.yaml' })), [
    'AuthorizationPolicy', 'ConfigMap', 'ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service', 'Service', 'ServiceAccount', 'WasmPlugin',
  ]);
});

t.test('the schema validation catches a broken object', async (t) => {
  const deployment = render().find((o) => o.kind === 'Deployment')!;
  deployment.spec.template.spec.containers[0].ports[0].containerPort = 'grpc';
  t.throws(() => validateObject(deployment), 'a string container port is refused');
  const plugin = render({ ciFile: 'istio-oci-values.yaml' }).find((o) => o.kind === 'WasmPlugin')!;
  plugin.spec.failStrategy = 'FAIL_SOMETIMES';
  t.throws(() => validateObject(plugin), 'an unknown failStrategy is refused');
});
