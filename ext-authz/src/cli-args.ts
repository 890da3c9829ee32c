// Argument helpers of the `aegis` command line.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin(): string;
}

/** The value after `--name`, if given. */
export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

export function flag(args: readonly string[], name: string): boolean {
  return args.includes(name);
}

/** Arguments that are neither options nor option values. `valued` names the options that take a value. */
export function positional(args: readonly string[], valued: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1] ?? ''));
}
