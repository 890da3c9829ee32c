// The service's own view of a run: its decision-time histogram
// (aegis_request_duration_seconds) scraped from the admin port before and after, so the
// in-service p99 is the service's, free of the network and of the load generator.

export type Buckets = Map<number, number>;

/** Cumulative bucket counts of one histogram, summed over its label sets. */
export function parseHistogram(text: string, name: string): Buckets {
  const out: Buckets = new Map();
  const re = new RegExp(`^${name}_bucket\\{([^}]*)\\}\\s+(\\S+)`, 'gm');
  for (const m of text.matchAll(re)) {
    const le = /le="([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (!le) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    out.set(bound, (out.get(bound) ?? 0) + Number(m[2]));
  }
  return out;
}

/** Upper bound (ms) of the bucket holding the p-th percentile of the calls between two scrapes. */
export function bucketPercentileMs(before: Buckets, after: Buckets, p: number): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = delta[delta.length - 1] ?? 0;
  if (total <= 0) return undefined;
  const i = delta.findIndex((count) => count >= (p / 100) * total);
  const bound = bounds[i];
  return bound === undefined || !Number.isFinite(bound) ? undefined : bound * 1000;
}

export async function scrape(url: string, name = 'aegis_request_duration_seconds'): Promise<Buckets | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.ok ? parseHistogram(await res.text(), name) : undefined;
  } catch {
    return undefined;
  }
}
