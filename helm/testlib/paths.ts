// Paths the chart tests share.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHART_DIR = join(REPO_ROOT, 'helm', 'aegis');
export const CI_VALUES_DIR = join(CHART_DIR, 'ci');
export const ENVOY_EXAMPLES_DIR = join(REPO_ROOT, 'envoy', 'examples');
export const DASHBOARDS_DIR = join(REPO_ROOT, 'dashboards');
export const FILTER_WASM = join(REPO_ROOT, 'build', 'aegis_filter.wasm');
