// Aegis inline filter: the proxy-wasm entry point. It only wires parts together: the ABI
// exports (runtime/abi.ts re-exports the SDK's and replaces the ones that trap in Envoy) and
// the root context, registered under the root_id the Envoy config uses ("aegis").
export * from "./runtime/abi";
import { registerRoot, PluginRoot } from "./runtime/contexts";
import { AegisRoot } from "./root";

registerRoot((id: u32): PluginRoot => new AegisRoot(id), "aegis");
