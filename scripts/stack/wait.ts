// Polling for readiness: a stack part is ready when its health URL answers 200.
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, isDead?: () => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (isDead?.()) throw new Error(`${what}: the process exited while starting`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms${lastError ? `: ${lastError}` : ''}`);
}

export async function httpOk(url: string): Promise<true | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok ? true : undefined;
}
