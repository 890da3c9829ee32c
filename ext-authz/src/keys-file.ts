// The AEGIS_KEYS_FILE format: `keys: [{id, tenant, sha256}]`, plus the AEGIS_DEMO_KEY.
import { readFileSync } from 'node:fs';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { sha256, type KeyEntry } from './key-store.js';
import { compileSchema, parseYamlFile } from './yaml-source.js';

export const TENANT_PATTERN = '^[a-z0-9][a-z0-9_.-]{0,62}$';
export const DEMO_TENANT = 'demo';

interface KeysFile {
  keys: { id: string; tenant: string; sha256: string; description?: string; claims?: Record<string, string | string[]> }[];
}

const validate = compileSchema<KeysFile>({
  type: 'object',
  additionalProperties: false,
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenant', 'sha256'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 128 },
          tenant: { type: 'string', pattern: TENANT_PATTERN },
          sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
          description: { type: 'string' },
          claims: {
            type: 'object',
            propertyNames: { minLength: 1, maxLength: 100 },
            additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          },
        },
      },
    },
  },
});

const CODE = AUTHZ_FAILURES.keysInvalid.code;

export function loadKeysFile(file: string): KeyEntry[] {
  const text = readText(file);
  const parsed = parseYamlFile(text, file, validate, CODE).value;
  const entries = parsed.keys.map((k) => ({ id: k.id, tenant: k.tenant, digest: Buffer.from(k.sha256, 'hex'), ...(k.claims && { claims: k.claims }) }));
  rejectDuplicates(entries, file);
  return entries;
}

/** The demo key is hashed here and the plaintext goes no further. */
export function demoKeyEntry(plaintext: string): KeyEntry {
  return { id: 'demo-key', tenant: DEMO_TENANT, digest: sha256(plaintext) };
}

function rejectDuplicates(entries: readonly KeyEntry[], file: string): void {
  const ids = new Map<string, number>();
  const digests = new Map<string, number>();
  entries.forEach((entry, i) => {
    const hex = entry.digest.toString('hex');
    const sameId = ids.get(entry.id);
    const sameDigest = digests.get(hex);
    if (sameId !== undefined) throw new ConfigError(CODE, file, `keys[${i}].id: duplicates keys[${sameId}].id`);
    if (sameDigest !== undefined) throw new ConfigError(CODE, file, `keys[${i}].sha256: duplicates keys[${sameDigest}].sha256`);
    ids.set(entry.id, i);
    digests.set(hex, i);
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(CODE, file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
