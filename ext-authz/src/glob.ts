// `*` wildcards (any run of characters) for model names, routes, tenants and claims,
// compiled once at load. No regular expressions: a `*`-only glob is matched by finding its
// literal segments left to right (the leftmost match of each segment is always a correct
// choice), so a long path against a glob with many stars stays linear-ish, never exponential.

export type Matcher = (value: string) => boolean;

export function compileGlobs(patterns: readonly string[]): Matcher {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wild = patterns.filter((p) => p.includes('*')).map(compileGlob);
  if (wild.length === 0) return (value) => exact.has(value);
  return (value) => exact.has(value) || wild.some((match) => match(value));
}

function compileGlob(pattern: string): Matcher {
  const parts = pattern.split('*');
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  const minLength = head.length + tail.length + middle.reduce((n, p) => n + p.length, 0);
  return (value) => {
    if (value.length < minLength || !value.startsWith(head) || !value.endsWith(tail)) return false;
    let at = head.length;
    const end = value.length - tail.length;
    for (const part of middle) {
      const found = value.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
