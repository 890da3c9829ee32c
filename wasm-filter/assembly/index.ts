export * from "@gcoredev/proxy-wasm-sdk-as/assembly/proxy";
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context } from "@gcoredev/proxy-wasm-sdk-as/assembly";

class R extends RootContext {
  createContext(context_id: u32): Context { return new C(context_id, this); }
}
class C extends Context {
  constructor(id: u32, r: R) { super(id, r); }
  onResponseHeaders(a: u32, eos: bool): FilterHeadersStatusValues {
    stream_context.headers.response.add("x-hello", "wasm");
    return FilterHeadersStatusValues.Continue;
  }
}
registerRootContext((id: u32) => new R(id), "aegis");
