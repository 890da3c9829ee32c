// parseConfig: named defaults, typed values, errors that name the variable.
import t from 'tap';
import { parseConfig } from '../src/config.js';

t.test('an empty environment gives the documented defaults', async (t) => {
  const parsed = parseConfig({});
  if (!parsed.ok) return t.fail(parsed.error.message);
  t.match(parsed.config, {
    grpcHost: '0.0.0.0',
    grpcPort: 9191,
    adminHost: '127.0.0.1',
    adminPort: 8081,
    logLevel: 'info',
    dryRun: false,
    requireFilter: true,
    policyPath: undefined,
    keysFile: undefined,
    rateLimitMax: 100,
    workers: 1,
  });
});

t.test('values are read and typed', async (t) => {
  const parsed = parseConfig({ PORT: '0', AEGIS_GRPC_PORT: '19191', DRY_RUN: 'TRUE', LOG_LEVEL: 'Debug', CORS_ORIGINS: 'https://a, https://b', OPENAI_API_KEY: ' sk-x ' });
  if (!parsed.ok) return t.fail(parsed.error.message);
  t.match(parsed.config, { adminPort: 0, grpcPort: 19191, dryRun: true, logLevel: 'debug', corsOrigins: ['https://a', 'https://b'], providerKeys: { openai: 'sk-x' } });
});

t.test('a bad value is an error naming the variable', async (t) => {
  const table: [Record<string, string>, string][] = [
    [{ PORT: '80a' }, 'PORT'],
    [{ AEGIS_GRPC_PORT: '70000' }, 'AEGIS_GRPC_PORT'],
    [{ DRY_RUN: 'maybe' }, 'DRY_RUN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RATE_LIMIT_MAX: '0' }, 'RATE_LIMIT_MAX'],
    [{ ML_ENABLED: 'true' }, 'ML_MODEL_DIR'],
    [{ AZURE_OPENAI_KEY: 'k' }, 'AZURE_OPENAI_ENDPOINT'],
  ];
  for (const [env, variable] of table) {
    const parsed = parseConfig(env);
    t.equal(parsed.ok ? undefined : parsed.error.where, variable, JSON.stringify(env));
    t.equal(parsed.ok ? undefined : parsed.error.code, 'authz.config_invalid');
  }
});
