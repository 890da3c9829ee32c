// AEGIS_JWT_JWKS_FILE: a JSON Web Key Set of public keys, validated at load (file:line:col on
// an error) and hot reloaded like the keys file. Symmetric (`oct`) keys and private key
// material are refused: the file holds what an identity provider publishes, nothing more.
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { AUTHZ_FAILURES, ConfigError } from './errors.js';
import { compileSchema, parseYamlFile } from './yaml-source.js';

const CODE = AUTHZ_FAILURES.jwksInvalid.code;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

const validate = compileSchema<JSONWebKeySet>({
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['kty'],
        properties: {
          kty: { enum: ['RSA', 'EC', 'OKP'] },
          kid: { type: 'string' },
          alg: { type: 'string', not: { pattern: '^(?:[Hh][Ss]|none$)' } },
          use: { const: 'sig' },
        },
      },
    },
  },
});

/** Throws ConfigError naming file, line and field. */
export function loadJwksFile(file: string): JSONWebKeySet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(CODE, file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const parsed = parseYamlFile(text, file, validate, CODE);
  parsed.value.keys.forEach((key, i) => {
    const secret = PRIVATE_MEMBERS.find((name) => name in key);
    if (secret) throw new ConfigError(CODE, parsed.at(['keys', i, secret]), `keys[${i}].${secret}: private or symmetric key material; a JWKS for Aegis holds public keys only`);
  });
  return parsed.value;
}
