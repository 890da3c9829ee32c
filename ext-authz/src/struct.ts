// Plain values → google.protobuf.Struct as proto-loader encodes it (camelCase oneof fields of
// protobufjs's bundled well-known types).
import type { Struct, StructValue } from './wire-types.js';

export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [key: string]: Plain };

export function toStruct(object: { readonly [key: string]: Plain }): Struct {
  const fields: Record<string, StructValue> = {};
  for (const [key, value] of Object.entries(object)) fields[key] = toValue(value);
  return { fields };
}

function toValue(value: Plain): StructValue {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { listValue: { values: (value as readonly Plain[]).map(toValue) } };
  return { structValue: toStruct(value as { readonly [key: string]: Plain }) };
}
