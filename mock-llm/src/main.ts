// Standalone mock LLM: `node dist/mock-llm/src/main.js` (AEGIS_MOCK_PORT, default 8090).
import { startMockLlm } from './server.js';

const port = Number(process.env.AEGIS_MOCK_PORT ?? 8090);
const host = process.env.AEGIS_MOCK_HOST ?? '127.0.0.1';
const mock = await startMockLlm({ port, host, keep: 0 });
process.stdout.write(`${JSON.stringify({ msg: 'mock llm listening', url: mock.url, port: mock.port })}\n`);
const stop = (): void => {
  void mock.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
