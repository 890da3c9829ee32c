// Context classes and the registry behind the ABI exports (abi.ts). Lookups never throw:
// an unknown id gives null and the export answers its documented default.
import { RootContext, Context } from "@gcoredev/proxy-wasm-sdk-as/assembly";

/** The per-stream context every filter stream extends (one per HTTP stream). */
export class StreamContext extends Context {
  onRequestHeadersRaw(headers: u32, endOfStream: bool): i32 { return 0; }
  onRequestBodyRaw(size: u32, endOfStream: bool): i32 { return 0; }
  onRequestTrailersRaw(trailers: u32): i32 { return 0; }
  onResponseHeadersRaw(headers: u32, endOfStream: bool): i32 { return 0; }
  onResponseBodyRaw(size: u32, endOfStream: bool): i32 { return 0; }
  onResponseTrailersRaw(trailers: u32): i32 { return 0; }
  onStreamDone(): void {}
  onStreamLog(): void {}
}

/** The root context of a plugin: holds configuration, creates stream contexts. */
export class PluginRoot extends RootContext {
  newStream(contextId: u32): StreamContext { return new StreamContext(contextId, this); }
  onVmStart(vmConfigSize: u32): bool { return true; }
  onPluginConfigure(configSize: u32): bool { return true; }
  onPluginValidate(configSize: u32): bool { return true; }
}

// ---- registry ----

export let rootFactory: ((id: u32) => PluginRoot) | null = null;
let rootName: string = "";
export const roots = new Map<u32, PluginRoot>();
export const streams = new Map<u32, StreamContext>();
let lastId: u32 = 0;
let lastStream: StreamContext | null = null;

/** Registers the factory of the root context; `name` is the Envoy `root_id` it answers to. */
export function registerRoot(factory: (id: u32) => PluginRoot, name: string): void {
  rootFactory = factory;
  rootName = name;
}

export function registeredRootName(): string { return rootName; }

export function findRoot(id: u32): PluginRoot | null {
  if (roots.has(id)) return roots.get(id);
  return null;
}

export function findStream(id: u32): StreamContext | null {
  if (id == lastId && lastStream !== null) return lastStream;
  if (!streams.has(id)) return null;
  const s = streams.get(id);
  lastId = id;
  lastStream = s;
  return s;
}


/** Forgets a context after proxy_on_delete. */
export function forget(id: u32): void {
  if (streams.has(id)) streams.delete(id);
  if (roots.has(id)) roots.delete(id);
  if (lastId == id) {
    lastId = 0;
    lastStream = null;
  }
}
