// Runs the real helm binary against the chart and parses what it renders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CHART_DIR, CI_VALUES_DIR } from './paths.js';
import { helmBin } from './tools.js';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: any;
}

export interface HelmResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const RELEASE = 'aegis-authz';
export const NAMESPACE = 'aegis';

export function helm(args: readonly string[]): HelmResult {
  const r = spawnSync(helmBin(), args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The ci/*-values.yaml files, by file name. */
export function ciValuesFiles(): string[] {
  return readdirSync(CI_VALUES_DIR).filter((f) => f.endsWith('-values.yaml')).sort();
}

/** Values given inline are written to a temp file, as a user's -f file would be. */
function withValuesFile<T>(values: object | undefined, fn: (args: string[]) => T): T {
  if (!values) return fn([]);
  const dir = mkdtempSync(join(tmpdir(), 'aegis-helm-'));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, stringify(values));
    return fn(['-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template`; the result, failed or not. */
export function templateRaw(opts: { ciFile?: string; values?: object } = {}): HelmResult {
  const ci = opts.ciFile ? ['-f', join(CI_VALUES_DIR, opts.ciFile)] : [];
  return withValuesFile(opts.values, (extra) => helm(['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...ci, ...extra]));
}

/** `helm template`, parsed into objects; throws with helm's message when it fails. */
export function render(opts: { ciFile?: string; values?: object } = {}): K8sObject[] {
  const r = templateRaw(opts);
  if (r.status !== 0) throw new Error(`helm template failed (${r.status}): ${r.stderr}`);
  return parseManifests(r.stdout);
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

export function find(objects: readonly K8sObject[], kind: string, nameSuffix = ''): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${kind} named *${nameSuffix}, got ${found.map((o) => o.metadata.name).join(', ') || 'none'}`);
  return found[0]!;
}

export function kinds(objects: readonly K8sObject[]): string[] {
  return objects.map((o) => o.kind).sort();
}
