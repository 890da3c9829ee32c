// `helm lint --strict` over the chart's defaults and every ci/*-values.yaml.
import t from 'tap';
import { join } from 'node:path';
import { ciValuesFiles, helm } from '../testlib/helm.js';
import { CHART_DIR, CI_VALUES_DIR } from '../testlib/paths.js';

const cases = [{ name: 'the defaults', args: [] as string[] }, ...ciValuesFiles().map((f) => ({ name: f, args: ['-f', join(CI_VALUES_DIR, f)] }))];

for (const c of cases) {
  t.test(`helm lint --strict passes with ${c.name}`, async (t) => {
    const r = helm(['lint', CHART_DIR, '--strict', ...c.args]);
    t.equal(r.status, 0, `helm lint output:\n${r.stdout}${r.stderr}`);
    t.match(r.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    t.notMatch(r.stdout, /\[(WARNING|ERROR)\]/, 'no lint warning');
  });
}

t.test('there are several ci value sets, Istio ones included', async (t) => {
  const files = ciValuesFiles();
  t.ok(files.length >= 4, files.join(', '));
  t.ok(files.some((f) => f.startsWith('istio-')), 'an Istio value set');
});
