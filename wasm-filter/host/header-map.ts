// An ordered, multi-valued HTTP header map with Envoy's semantics: keys are lower-cased on
// every operation, replace (setCopy) removes every value and appends one, remove drops all.
import type { HeaderPairs } from './abi.js';

export class HeaderMap {
  private pairs: HeaderPairs;

  constructor(pairs: HeaderPairs | Record<string, string> = []) {
    const list = Array.isArray(pairs) ? pairs : Object.entries(pairs);
    this.pairs = list.map(([k, v]): [string, string] => [k.toLowerCase(), v]);
  }

  static from(pairs: HeaderPairs | Record<string, string> | HeaderMap): HeaderMap {
    return pairs instanceof HeaderMap ? pairs.clone() : new HeaderMap(pairs);
  }

  clone(): HeaderMap {
    return new HeaderMap(this.pairs.map(([k, v]): [string, string] => [k, v]));
  }

  get size(): number {
    return this.pairs.length;
  }

  /** The first value, as Envoy's getHeaderMapValue answers. */
  get(key: string): string | undefined {
    const k = key.toLowerCase();
    return this.pairs.find(([n]) => n === k)?.[1];
  }

  getAll(key: string): string[] {
    const k = key.toLowerCase();
    return this.pairs.filter(([n]) => n === k).map(([, v]) => v);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  add(key: string, value: string): void {
    this.pairs.push([key.toLowerCase(), value]);
  }

  /** Envoy setCopy (envoy.reloadable_features.http_set_copy_replace_all_headers): remove all, append one. */
  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const k = key.toLowerCase();
    this.pairs = this.pairs.filter(([n]) => n !== k);
  }

  setPairs(pairs: HeaderPairs): void {
    this.pairs = pairs.map(([k, v]): [string, string] => [k.toLowerCase(), v]);
  }

  entries(): HeaderPairs {
    return this.pairs.map(([k, v]): [string, string] => [k, v]);
  }

  toObject(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [k, v] of this.pairs) o[k] = k in o ? `${o[k]},${v}` : v;
    return o;
  }
}
