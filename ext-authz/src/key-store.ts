// API keys, stored as sha256 digests bound to tenants, compared in constant time.
import crypto from 'node:crypto';

export interface KeyEntry {
  readonly id: string;
  readonly tenant: string;
  /** sha256 of the plaintext key, 32 bytes. */
  readonly digest: Buffer;
  /** Identity claims policy rules can match (`when.claims`), like a JWT's. */
  readonly claims?: Readonly<Record<string, string | readonly string[]>>;
}

export interface KeyStore {
  /** The entry whose digest equals sha256(presented), or undefined. */
  lookup(presented: string): KeyEntry | undefined;
  readonly size: number;
  readonly tenants: ReadonlySet<string>;
}

const NO_MATCH = Buffer.alloc(32);

export function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The digest indexes the table, so the lookup time depends only on sha256(presented),
 * never on how much of a stored key was guessed; the final check is timingSafeEqual on
 * the two digests, and runs (against zeros) even when nothing matched.
 */
export function createKeyStore(entries: readonly KeyEntry[]): KeyStore {
  const byDigest = new Map<string, KeyEntry>();
  for (const entry of entries) byDigest.set(entry.digest.toString('hex'), entry);
  const tenants = new Set(entries.map((e) => e.tenant));
  return {
    size: byDigest.size,
    tenants,
    lookup(presented: string): KeyEntry | undefined {
      const digest = sha256(presented);
      const candidate = byDigest.get(digest.toString('hex'));
      const equal = crypto.timingSafeEqual(candidate?.digest ?? NO_MATCH, digest);
      return equal && candidate ? candidate : undefined;
    },
  };
}
