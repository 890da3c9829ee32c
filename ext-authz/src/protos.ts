// The one place that loads the .proto files and holds the shared proto-loader options.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';
import { findRepoRoot } from './repo-root.js';

export const PROTO_DIR = join(findRepoRoot(), 'protos');

/** Shared by the server, the tests and any client: field names as in the .proto files. */
export const PROTO_LOADER_OPTIONS: Readonly<protoLoader.Options> = Object.freeze({
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
});

export const AUTHORIZATION_SERVICE = 'envoy.service.auth.v3.Authorization';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

const FILES = ['envoy/service/auth/v3/external_auth.proto', 'grpc/health/v1/health.proto'];

export interface AuthzProtos {
  readonly authorization: grpc.ServiceClientConstructor;
  readonly health: grpc.ServiceClientConstructor;
}

let loaded: AuthzProtos | undefined;

/** Loads the protos once per process; returns the two service constructors. */
export function loadAuthzProtos(): AuthzProtos {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync(FILES, { ...PROTO_LOADER_OPTIONS });
  const root = grpc.loadPackageDefinition(definition);
  loaded = Object.freeze({
    authorization: lookup(root, AUTHORIZATION_SERVICE),
    health: lookup(root, HEALTH_SERVICE),
  });
  return loaded;
}

function lookup(root: grpc.GrpcObject, name: string): grpc.ServiceClientConstructor {
  let node: unknown = root;
  for (const part of name.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'function') throw new Error(`service ${name} not found in protos`);
  return node as grpc.ServiceClientConstructor;
}
