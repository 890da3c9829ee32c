// The trivial ext_authz server, the baseline of the authz scenarios: answers every Check
// with OK and nothing else — no parsing, no policy, no logging. What Aegis' service costs
// beyond it is the price of its checks; what this one costs is gRPC's own.
//
//   npx tsx bench/src/allow-server.ts          (port from AEGIS_ALLOW_PORT, default a free one)
import * as grpc from '@grpc/grpc-js';
import { loadAuthzProtos } from '../../ext-authz/src/protos.js';

const OK = { status: { code: 0, message: '', details: [] }, ok_response: {} };

export async function startAllowServer(port = 0, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  server.addService(loadAuthzProtos().authorization.service, {
    Check: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, OK),
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port: bound, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

if (process.argv[1] && /allow-server\.[jt]s$/.test(process.argv[1])) {
  const s = await startAllowServer(Number(process.env.AEGIS_ALLOW_PORT ?? 0));
  process.stdout.write(`always-allow ext_authz listening on 127.0.0.1:${s.port}\n`);
  const stop = (): void => void s.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
