// `*` wildcards (any run of characters) for model names and routes, compiled once at load.

export type Matcher = (value: string) => boolean;

export function compileGlobs(patterns: readonly string[]): Matcher {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wild = patterns.filter((p) => p.includes('*')).map(globToRegExp);
  return (value) => exact.has(value) || wild.some((re) => re.test(value));
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}
