// The proxy-wasm ABI exports (0.2.1), replacing the SDK's versions that are unsafe in Envoy:
// the SDK's proxy_on_done/proxy_on_delete call Map.get for the root context id, which is not
// in its stream map, so Envoy's VM shutdown traps ("Key does not exist in ~lib/map.ts"); every
// other callback also does an unchecked Map.get, and proxy_on_context_create builds debug
// strings (`context_map.keys().join`) on every stream. Here every callback looks its context
// up with a check and answers a documented default when the id is unknown: Continue for
// stream callbacks, true for onDone. Nothing in this file can throw.
import { roots, streams, rootFactory, findRoot, findStream, forget } from "./contexts";

export { proxy_abi_version_0_2_1 } from "@gcoredev/proxy-wasm-sdk-as/assembly/exports";
export { malloc } from "@gcoredev/proxy-wasm-sdk-as/assembly/malloc";

// ---- lifecycle ----

export function proxy_on_context_create(contextId: u32, rootContextId: u32): void {
  if (rootContextId == 0) {
    if (roots.has(contextId)) return;
    const factory = rootFactory;
    if (factory === null) return;
    const root = factory(contextId);
    roots.set(contextId, root);
    return;
  }
  const root = findRoot(rootContextId);
  if (root === null || streams.has(contextId)) return;
  streams.set(contextId, root.newStream(contextId));
}

export function proxy_on_vm_start(rootId: u32, vmConfigSize: u32): u32 {
  const root = findRoot(rootId);
  return root === null ? 1 : (root.onVmStart(vmConfigSize) ? 1 : 0);
}

export function proxy_validate_configuration(rootId: u32, configSize: u32): u32 {
  const root = findRoot(rootId);
  return root === null ? 1 : (root.onPluginValidate(configSize) ? 1 : 0);
}

export function proxy_on_configure(rootId: u32, configSize: u32): u32 {
  const root = findRoot(rootId);
  return root === null ? 0 : (root.onPluginConfigure(configSize) ? 1 : 0);
}

// ---- HTTP stream ----

export function proxy_on_request_headers(id: u32, headers: u32, endOfStream: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onRequestHeadersRaw(headers, endOfStream != 0);
}

export function proxy_on_request_body(id: u32, size: u32, endOfStream: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onRequestBodyRaw(size, endOfStream != 0);
}

export function proxy_on_request_trailers(id: u32, trailers: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onRequestTrailersRaw(trailers);
}

export function proxy_on_response_headers(id: u32, headers: u32, endOfStream: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onResponseHeadersRaw(headers, endOfStream != 0);
}

export function proxy_on_response_body(id: u32, size: u32, endOfStream: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onResponseBodyRaw(size, endOfStream != 0);
}

export function proxy_on_response_trailers(id: u32, trailers: u32): i32 {
  const s = findStream(id);
  return s === null ? 0 : s.onResponseTrailersRaw(trailers);
}

// ---- teardown ----

/** Root or stream: true means "done now" (we never hold work past onDone). */
export function proxy_on_done(id: u32): u32 {
  const s = findStream(id);
  if (s !== null) s.onStreamDone();
  return 1;
}

export function proxy_on_log(id: u32): void {
  const s = findStream(id);
  if (s !== null) s.onStreamLog();
}

export function proxy_on_delete(id: u32): void {
  forget(id);
}

/** Live stream contexts: not part of the ABI; tests and the memory bench watch it stay flat. */
export function aegis_live_streams(): i32 { return streams.size; }
