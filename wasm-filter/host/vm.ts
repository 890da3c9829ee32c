// The VM half of the Node proxy-wasm host: instantiates a module with the host functions it
// imports (env.proxy_* of ABI 0.2.1 and the WASI calls Envoy provides), owns guest memory
// access, contexts, metrics and logs, and reports a trap as a thrown WasmTrap, as Envoy's
// VM would fail. Behaviour follows Envoy 1.36 (source/extensions/common/wasm/context.cc and
// proxy-wasm-cpp-host); where this file makes a choice it says which Envoy code it follows.
import { readFileSync } from 'node:fs';
import {
  BufferType,
  HeaderMapType,
  LOG_LEVEL_NAMES,
  LogLevel,
  type LogLevelName,
  MetricType,
  WasmResult,
  deserializePairs,
  serializePairs,
} from './abi.js';
import type { HeaderMap } from './header-map.js';

export class WasmTrap extends Error {
  constructor(
    message: string,
    readonly callback: string,
  ) {
    super(message);
    this.name = 'WasmTrap';
  }
}

class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

export interface LogEntry {
  level: LogLevelName;
  message: string;
  contextId: number;
}

export interface Metric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  value: bigint;
  /** Recorded histogram values. */
  samples: bigint[];
}

export interface LocalReplyRequest {
  status: number;
  details: string;
  body: Buffer;
  headers: Array<[string, string]>;
  grpcStatus: number;
}

/** What a callback may touch: set by the stream around each call, as Envoy's Context pointers are. */
export interface CallScope {
  contextId: number;
  headerMap(type: number): HeaderMap | null;
  buffer(type: number): { get(): Buffer; set(b: Buffer): void } | null;
  localReplies: LocalReplyRequest[];
  continues: number[];
}

export interface VmOptions {
  /** Path of the .wasm file, or its bytes. */
  wasm: string | Uint8Array;
  rootId?: string;
  vmId?: string;
  pluginName?: string;
  vmConfiguration?: string;
  logLevel?: LogLevelName;
  /** Wall clock for proxy_get_current_time_nanoseconds. */
  now?: () => bigint;
}

const moduleCache = new Map<string, WebAssembly.Module>();

export class Vm {
  readonly rootId: string;
  readonly vmId: string;
  readonly pluginName: string;
  readonly vmConfiguration: Buffer;
  logLevel: LogLevelName;
  logs: LogEntry[] = [];
  metrics = new Map<number, Metric>();
  /** Set when a callback trapped; Envoy then fails the VM and every later stream. */
  trapped: WasmTrap | null = null;
  effectiveContext = 0;
  nextContextId = 1;
  rootContextId = 0;
  pluginConfiguration: Buffer | null = null;
  scope: CallScope | null = null;
  private instance!: WebAssembly.Instance;
  private memory!: WebAssembly.Memory;
  private now: () => bigint;
  private nextMetricId = { 0: 4, 1: 5, 2: 6 } as Record<number, number>;
  private stderr = '';

  private constructor(opts: VmOptions) {
    this.rootId = opts.rootId ?? 'aegis';
    this.vmId = opts.vmId ?? '';
    this.pluginName = opts.pluginName ?? 'aegis';
    this.vmConfiguration = Buffer.from(opts.vmConfiguration ?? '', 'utf8');
    this.logLevel = opts.logLevel ?? 'info';
    this.now = opts.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  }

  static async create(opts: VmOptions): Promise<Vm> {
    const vm = new Vm(opts);
    let mod: WebAssembly.Module;
    if (typeof opts.wasm === 'string') {
      const cached = moduleCache.get(opts.wasm);
      mod = cached ?? (await WebAssembly.compile(readFileSync(opts.wasm)));
      moduleCache.set(opts.wasm, mod);
    } else {
      mod = await WebAssembly.compile(new Uint8Array(opts.wasm));
    }
    const imports = vm.imports();
    // Envoy refuses a module whose imports it does not provide.
    for (const imp of WebAssembly.Module.imports(mod)) {
      const ns = (imports as Record<string, Record<string, unknown>>)[imp.module];
      if (!ns || !(imp.name in ns)) throw new Error(`missing host function ${imp.module}.${imp.name}`);
    }
    vm.instance = await WebAssembly.instantiate(mod, imports);
    vm.memory = vm.instance.exports.memory as WebAssembly.Memory;
    for (const required of ['proxy_abi_version_0_2_1', 'memory']) {
      if (!(required in vm.instance.exports)) throw new Error(`module does not export ${required}`);
    }
    if (!('malloc' in vm.instance.exports) && !('proxy_on_memory_allocate' in vm.instance.exports)) {
      throw new Error('module exports neither malloc nor proxy_on_memory_allocate');
    }
    // proxy-wasm-cpp-host: _initialize (reactor) or _start (command), then the root context.
    if ('_initialize' in vm.instance.exports) vm.call('_initialize');
    else if ('_start' in vm.instance.exports) vm.call('_start');
    return vm;
  }

  // ---------------- calling in ----------------

  hasExport(name: string): boolean {
    return typeof this.instance.exports[name] === 'function';
  }

  /** Calls an export; a missing export answers `dflt` (cpp-host skips callbacks the module lacks). */
  call(name: string, ...args: Array<number | bigint>): number {
    if (this.trapped) throw new WasmTrap(`VM failed earlier: ${this.trapped.message}`, name);
    const fn = this.instance.exports[name] as ((...a: Array<number | bigint>) => number | undefined) | undefined;
    if (typeof fn !== 'function') return 0;
    try {
      const r = fn(...args);
      return typeof r === 'number' ? r >>> 0 : 0;
    } catch (err) {
      const msg = err instanceof ProcExit ? `proc_exit(${err.code})` : String((err as Error)?.message ?? err);
      const trap = new WasmTrap(`${name} trapped: ${msg}${this.stderr ? ` | ${this.stderr.trim()}` : ''}`, name);
      this.trapped = trap;
      throw trap;
    }
  }

  // ---------------- memory ----------------

  mem(): Buffer {
    return Buffer.from(this.memory.buffer);
  }

  read(ptr: number, len: number): Buffer {
    if (len === 0) return Buffer.alloc(0);
    const m = this.mem();
    if (ptr + len > m.length) throw new Error('guest pointer out of bounds');
    return Buffer.from(m.subarray(ptr, ptr + len));
  }

  readString(ptr: number, len: number): string {
    return this.read(ptr, len).toString('utf8');
  }

  writeU32(ptr: number, v: number): void {
    this.mem().writeUInt32LE(v >>> 0, ptr);
  }

  writeU64(ptr: number, v: bigint): void {
    this.mem().writeBigUInt64LE(v, ptr);
  }

  /** Allocates in the guest (malloc, else proxy_on_memory_allocate) and copies `data` in. */
  alloc(data: Buffer): number {
    const fn = (this.instance.exports.malloc ?? this.instance.exports.proxy_on_memory_allocate) as (n: number) => number;
    const ptr = fn(data.length) >>> 0;
    if (ptr === 0) throw new Error('guest allocation failed');
    data.copy(this.mem(), ptr);
    return ptr;
  }

  /** cpp-host copyToPointerSize: an empty value is pointer 0, size 0, nothing allocated. */
  copyOut(data: Buffer, ptrPtr: number, sizePtr: number): number {
    const ptr = data.length > 0 ? this.alloc(data) : 0;
    this.writeU32(ptrPtr, ptr);
    this.writeU32(sizePtr, data.length);
    return WasmResult.Ok;
  }

  memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  // ---------------- metrics and logs ----------------

  metricByName(name: string): Metric | undefined {
    for (const m of this.metrics.values()) if (m.name === name) return m;
    return undefined;
  }

  logsAt(level: LogLevelName): string[] {
    return this.logs.filter((l) => l.level === level).map((l) => l.message);
  }

  // ---------------- host functions ----------------

  private imports(): WebAssembly.Imports {
    const vm = this;
    const scope = (): CallScope | null => vm.scope;
    const env: Record<string, (...a: never[]) => unknown> = {
      proxy_log(level: number, ptr: number, size: number): number {
        const name = LOG_LEVEL_NAMES[level] ?? 'info';
        vm.logs.push({ level: name, message: vm.readString(ptr, size), contextId: vm.effectiveContext });
        return WasmResult.Ok;
      },
      proxy_get_log_level(ptr: number): number {
        vm.writeU32(ptr, LogLevel[vm.logLevel]);
        return WasmResult.Ok;
      },
      proxy_get_current_time_nanoseconds(ptr: number): number {
        vm.writeU64(ptr, vm.now());
        return WasmResult.Ok;
      },
      proxy_set_effective_context(id: number): number {
        vm.effectiveContext = id;
        return WasmResult.Ok;
      },
      proxy_done(): number {
        return WasmResult.Ok;
      },
      proxy_set_tick_period_milliseconds(): number {
        return WasmResult.Ok;
      },
      proxy_get_status(codePtr: number, msgPtr: number, sizePtr: number): number {
        vm.writeU32(codePtr, 0);
        return vm.copyOut(Buffer.alloc(0), msgPtr, sizePtr);
      },
      proxy_get_property(pathPtr: number, pathSize: number, ptrPtr: number, sizePtr: number): number {
        const path = vm.read(pathPtr, pathSize).toString('utf8').split('\0').filter((s) => s.length > 0).join('.');
        const props: Record<string, string> = {
          plugin_root_id: vm.rootId,
          plugin_name: vm.pluginName,
          plugin_vm_id: vm.vmId,
        };
        const v = props[path];
        if (v === undefined) return WasmResult.NotFound;
        return vm.copyOut(Buffer.from(v, 'utf8'), ptrPtr, sizePtr);
      },
      proxy_set_property(): number {
        return WasmResult.Ok;
      },
      // ---- header maps ----
      proxy_get_header_map_value(type: number, keyPtr: number, keySize: number, ptrPtr: number, sizePtr: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        const v = map.get(vm.readString(keyPtr, keySize));
        if (v === undefined) return WasmResult.NotFound;
        return vm.copyOut(Buffer.from(v, 'utf8'), ptrPtr, sizePtr);
      },
      proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number): number {
        const map = scope()?.headerMap(type) ?? null;
        // Envoy serialises a missing map as no pairs.
        return vm.copyOut(map ? serializePairs(map.entries()) : Buffer.alloc(0), ptrPtr, sizePtr);
      },
      proxy_set_header_map_pairs(type: number, ptr: number, size: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        try {
          map.setPairs(deserializePairs(vm.read(ptr, size)));
        } catch {
          return WasmResult.BadArgument;
        }
        return WasmResult.Ok;
      },
      proxy_add_header_map_value(type: number, kp: number, ks: number, vp: number, vs: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        map.add(vm.readString(kp, ks), vm.readString(vp, vs));
        return WasmResult.Ok;
      },
      proxy_replace_header_map_value(type: number, kp: number, ks: number, vp: number, vs: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        map.replace(vm.readString(kp, ks), vm.readString(vp, vs));
        return WasmResult.Ok;
      },
      proxy_remove_header_map_value(type: number, kp: number, ks: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        map.remove(vm.readString(kp, ks));
        return WasmResult.Ok;
      },
      proxy_get_header_map_size(type: number, ptr: number): number {
        const map = scope()?.headerMap(type) ?? null;
        if (!map) return WasmResult.BadArgument;
        vm.writeU32(ptr, map.entries().reduce((n, [k, v]) => n + k.length + v.length, 0));
        return WasmResult.Ok;
      },
      // ---- buffers ----
      proxy_get_buffer_bytes(type: number, start: number, length: number, ptrPtr: number, sizePtr: number): number {
        const buf = vm.bufferOf(type);
        if (buf === null) return WasmResult.NotFound;
        if (start + length < start) return WasmResult.BadArgument;
        let len = length;
        if (start + len > buf.length) len = Math.max(0, buf.length - start);
        // proxy-wasm-cpp-host: nothing is written when the length is 0.
        if (len === 0) return WasmResult.Ok;
        return vm.copyOut(buf.subarray(start, start + len), ptrPtr, sizePtr);
      },
      proxy_get_buffer_status(type: number, lenPtr: number, flagsPtr: number): number {
        const buf = vm.bufferOf(type);
        if (buf === null) return WasmResult.NotFound;
        vm.writeU32(lenPtr, buf.length);
        vm.writeU32(flagsPtr, 0);
        return WasmResult.Ok;
      },
      proxy_set_buffer_bytes(type: number, start: number, length: number, dataPtr: number, dataSize: number): number {
        const b = scope()?.buffer(type) ?? null;
        if (b === null) return WasmResult.NotFound;
        const cur = b.get();
        const data = vm.read(dataPtr, dataSize);
        // Envoy Buffer::copyFrom: prepend, replace all, or append; anything else is refused.
        if (start === 0) {
          if (length === 0) b.set(Buffer.concat([data, cur]));
          else if (length >= cur.length) b.set(data);
          else return WasmResult.BadArgument;
        } else if (start >= cur.length) {
          b.set(Buffer.concat([cur, data]));
        } else {
          return WasmResult.BadArgument;
        }
        return WasmResult.Ok;
      },
      // ---- stream control ----
      proxy_send_local_response(
        status: number, detailsPtr: number, detailsSize: number, bodyPtr: number, bodySize: number,
        headersPtr: number, headersSize: number, grpcStatus: number,
      ): number {
        const s = scope();
        let headers: Array<[string, string]>;
        try {
          headers = deserializePairs(vm.read(headersPtr, headersSize));
        } catch {
          return WasmResult.BadArgument;
        }
        // Envoy defers the reply until the callback returns (addAfterVmCallAction).
        s?.localReplies.push({
          status,
          details: vm.readString(detailsPtr, detailsSize),
          body: vm.read(bodyPtr, bodySize),
          headers,
          grpcStatus: grpcStatus | 0,
        });
        return WasmResult.Ok;
      },
      proxy_continue_stream(type: number): number {
        if (type !== 0 && type !== 1) return WasmResult.BadArgument;
        scope()?.continues.push(type);
        return WasmResult.Ok;
      },
      proxy_close_stream(): number {
        return WasmResult.Ok;
      },
      proxy_clear_route_cache(): number {
        return WasmResult.Ok;
      },
      // ---- metrics (ids as Envoy assigns them: type in the low 2 bits, step 4) ----
      proxy_define_metric(type: number, namePtr: number, nameSize: number, idPtr: number): number {
        if (type < 0 || type > 2) return WasmResult.BadArgument;
        const name = vm.readString(namePtr, nameSize);
        let id = [...vm.metrics.entries()].find(([, m]) => m.name === name && m.type === metricTypeName(type))?.[0];
        if (id === undefined) {
          id = vm.nextMetricId[type]!;
          vm.nextMetricId[type] = id + 4;
          vm.metrics.set(id, { name, type: metricTypeName(type), value: 0n, samples: [] });
        }
        vm.writeU32(idPtr, id);
        return WasmResult.Ok;
      },
      proxy_increment_metric(id: number, offset: bigint): number {
        const m = vm.metrics.get(id);
        if (!m) return WasmResult.NotFound;
        if (m.type === 'counter') {
          if (offset <= 0n) return WasmResult.BadArgument;
          m.value += offset;
        } else if (m.type === 'gauge') {
          m.value += offset;
        } else {
          return WasmResult.BadArgument;
        }
        return WasmResult.Ok;
      },
      proxy_record_metric(id: number, value: bigint): number {
        const m = vm.metrics.get(id);
        if (!m) return WasmResult.NotFound;
        const v = BigInt.asUintN(64, value);
        if (m.type === 'counter') m.value += v;
        else if (m.type === 'gauge') m.value = v;
        else m.samples.push(v);
        return WasmResult.Ok;
      },
      proxy_get_metric(id: number, ptr: number): number {
        const m = vm.metrics.get(id);
        if (!m) return WasmResult.NotFound;
        if (m.type === 'histogram') return WasmResult.BadArgument;
        vm.writeU64(ptr, m.value);
        return WasmResult.Ok;
      },
    };
    const wasi: Record<string, (...a: never[]) => unknown> = {
      fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
        const m = vm.mem();
        let text = '';
        let n = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = m.readUInt32LE(iovs + 8 * i);
          const len = m.readUInt32LE(iovs + 8 * i + 4);
          text += m.subarray(ptr, ptr + len).toString('utf8');
          n += len;
        }
        // Envoy logs WASI stdout at info and stderr at error.
        if (fd === 2) vm.stderr += text;
        vm.logs.push({ level: fd === 2 ? 'error' : 'info', message: text.replace(/\n$/, ''), contextId: vm.effectiveContext });
        vm.writeU32(nwrittenPtr, n);
        return 0;
      },
      proc_exit(code: number): never {
        throw new ProcExit(code);
      },
      clock_time_get(_id: number, _precision: bigint, ptr: number): number {
        vm.writeU64(ptr, vm.now());
        return 0;
      },
      random_get(ptr: number, len: number): number {
        const m = vm.mem();
        for (let i = 0; i < len; i++) m[ptr + i] = (Math.random() * 256) | 0;
        return 0;
      },
      environ_sizes_get(countPtr: number, sizePtr: number): number {
        vm.writeU32(countPtr, 0);
        vm.writeU32(sizePtr, 0);
        return 0;
      },
      environ_get(): number {
        return 0;
      },
      args_sizes_get(countPtr: number, sizePtr: number): number {
        vm.writeU32(countPtr, 0);
        vm.writeU32(sizePtr, 0);
        return 0;
      },
      args_get(): number {
        return 0;
      },
      fd_close(): number {
        return 0;
      },
      fd_seek(): number {
        return 0;
      },
      fd_fdstat_get(): number {
        return 0;
      },
    };
    return { env, wasi_snapshot_preview1: wasi } as unknown as WebAssembly.Imports;
  }

  private bufferOf(type: number): Buffer | null {
    if (type === BufferType.PluginConfiguration) return this.pluginConfiguration;
    if (type === BufferType.VmConfiguration) return this.vmConfiguration;
    const b = this.scope?.buffer(type) ?? null;
    return b ? b.get() : null;
  }
}

function metricTypeName(t: number): Metric['type'] {
  return t === MetricType.Counter ? 'counter' : t === MetricType.Gauge ? 'gauge' : 'histogram';
}

export { HeaderMapType };
