// Plain TypeScript shapes of the proto messages as @grpc/proto-loader decodes and encodes
// them with PROTO_LOADER_OPTIONS (keepCase, longs and enums as strings, defaults, oneofs).
// Only the fields the service reads or writes are typed.

export interface HeaderValue {
  key?: string;
  value?: string;
  raw_value?: Buffer;
}

export interface HttpRequest {
  id?: string;
  method?: string;
  headers?: Record<string, string>;
  path?: string;
  host?: string;
  scheme?: string;
  size?: string;
  protocol?: string;
  body?: string;
  raw_body?: Buffer;
  header_map?: { headers?: HeaderValue[] } | null;
}

export interface AttributeContext {
  request?: { http?: HttpRequest | null } | null;
  context_extensions?: Record<string, string>;
}

export interface CheckRequest {
  attributes?: AttributeContext | null;
}

export type HeaderAppendAction =
  | 'APPEND_IF_EXISTS_OR_ADD'
  | 'ADD_IF_ABSENT'
  | 'OVERWRITE_IF_EXISTS_OR_ADD'
  | 'OVERWRITE_IF_EXISTS';

export interface HeaderValueOption {
  header: { key: string; value: string };
  append_action?: HeaderAppendAction;
}

/**
 * google.protobuf.Value. protobufjs always uses its bundled well-known types, whose field
 * names are camelCase whatever keepCase says; the wire format is the same.
 */
export type StructValue =
  | { nullValue: 'NULL_VALUE' }
  | { stringValue: string }
  | { numberValue: number }
  | { boolValue: boolean }
  | { listValue: { values: StructValue[] } }
  | { structValue: Struct };

export interface Struct {
  fields: Record<string, StructValue>;
}

export interface OkHttpResponse {
  headers: HeaderValueOption[];
  headers_to_remove: string[];
  response_headers_to_add: HeaderValueOption[];
  query_parameters_to_remove?: string[];
}

export interface DeniedHttpResponse {
  /** An envoy.type.v3.StatusCode: sent as a number, decoded by name (enums: String). */
  status: { code: number | string };
  headers: HeaderValueOption[];
  body: string;
}

export interface CheckResponse {
  status: { code: number; message?: string };
  ok_response?: OkHttpResponse;
  denied_response?: DeniedHttpResponse;
  dynamic_metadata?: Struct;
}

export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthCheckRequest {
  service?: string;
}

export interface HealthCheckResponse {
  status: ServingStatus;
}
