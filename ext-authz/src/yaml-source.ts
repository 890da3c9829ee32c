// YAML config files validated against a JSON Schema, with errors that name the file, the
// line and column, and the field: `policy.yaml:12:7 rules[0].action: must be one of ...`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from './errors.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

export interface YamlFile<T> {
  readonly value: T;
  /** `file:line:col` of the node at a path, for errors found after schema validation. */
  at(path: readonly (string | number)[]): string;
}

/** Parses and validates one YAML text; throws ConfigError(code, "file:line:col", "field: problem"). */
export function parseYamlFile<T>(text: string, file: string, validate: ValidateFunction<T>, code: string): YamlFile<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw new ConfigError(code, place(file, lineCounter, syntax.pos[0]), syntax.message.split('\n')[0] ?? 'invalid YAML');
  const value: unknown = doc.toJS();
  const at = (path: readonly (string | number)[]): string => place(file, lineCounter, offsetOfPath(doc, path));
  if (validate(value)) return { value, at };
  const error = validate.errors?.[0];
  if (!error) throw new ConfigError(code, file, 'invalid');
  const { offset, field } = locate(doc, error);
  throw new ConfigError(code, place(file, lineCounter, offset), `${field}: ${describe(error)}`);
}

/** The key of a map entry when the path ends at one (where people look), else the node. */
function offsetOfPath(doc: Document, path: readonly (string | number)[]): number {
  const parent = path.length === 0 ? undefined : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
    if (pair && isScalar(pair.key)) return offsetOf(pair.key);
  }
  return offsetOf(doc.getIn(path, true));
}

function offsetOf(node: unknown): number {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0] ?? 0;
}

export function fieldName(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '(document)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function place(file: string, lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `${file}:${line}:${col}`;
}

/** The YAML node an ajv error points at (the offending key for additionalProperties). */
function locate(doc: Document, error: ErrorObject): { offset: number; field: string } {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const extra = error.keyword === 'additionalProperties' ? String(error.params['additionalProperty']) : undefined;
  const node = segments.length === 0 ? doc.contents : doc.getIn(segments, true);
  const field = fieldName(extra === undefined ? segments : [...segments, extra]);
  if (extra !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === extra);
    const keyNode = pair?.key;
    if (isScalar(keyNode) && keyNode.range) return { offset: keyNode.range[0], field };
  }
  return { offset: offsetOf(node), field };
}

function unescapePointer(segment: string): string | number {
  const text = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'enum') return `must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}`;
  if (error.keyword === 'additionalProperties') return 'unknown field';
  return error.message ?? 'invalid';
}
