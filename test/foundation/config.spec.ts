import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@app/core';

describe('configuration (loadConfig)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'concertation-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });
  const failure = (env: Record<string, string>): string => {
    try {
      load(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error(`no error for ${JSON.stringify(env)}`);
  };

  it('has the documented defaults', () => {
    const c = load({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: undefined, redisUrl: undefined, demoData: true, jwtTtlSeconds: 3600, bodyLimitBytes: 1048576, trustProxy: false, corsOrigins: [] });
    expect(load({ DATABASE_URL: 'postgresql://u@db:5432/app' }).demoData).toBe(false);
    expect(load({ DATABASE_URL: 'postgres://u@db/app', DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(load({ PORT: '0' }).port).toBe(0);
    expect(load({ CORS_ORIGINS: 'https://a.fr, https://b.fr,' }).corsOrigins).toEqual(['https://a.fr', 'https://b.fr']);
  });

  it('generates the JWT secret once and keeps it in the data folder', () => {
    const first = load({}).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(load({}).jwtSecret).toBe(first);
    const file = join(dataDir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(load({ JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('stops on a bad value with one line naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT must be an integer between 0 and 65535 (got "abc")'],
      [{ PORT: '65536' }, 'PORT must be an integer between 0 and 65535 (got "65536")'],
      [{ PORT: '-1' }, 'PORT must be an integer between 0 and 65535 (got "-1")'],
      [{ PORT: '80.5' }, 'PORT must be an integer between 0 and 65535 (got "80.5")'],
      [{ DATABASE_URL: 'pas une url' }, 'DATABASE_URL must be a URL (postgres: or postgresql:)'],
      [{ DATABASE_URL: 'mysql://u@db/app' }, 'DATABASE_URL must start with postgres: or postgresql: (got "mysql:")'],
      [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL must start with redis: or rediss: (got "http:")'],
      [{ DEMO_DATA: 'peut-être' }, 'DEMO_DATA must be true or false (got "peut-être")'],
      [{ TRUST_PROXY: '2' }, 'TRUST_PROXY must be true or false (got "2")'],
      [{ JWT_SECRET: 'trop-court' }, 'JWT_SECRET must be at least 32 characters long'],
      [{ JWT_TTL_SECONDS: '5' }, 'JWT_TTL_SECONDS must be an integer between 10 and 604800 (got "5")'],
      [{ BODY_LIMIT_BYTES: '1e9' }, 'BODY_LIMIT_BYTES must be an integer between 1024 and 52428800 (got "1e9")'],
      [{ ADMIN_EMAIL: 'chef@exemple.fr' }, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
      [{ ADMIN_PASSWORD: 'Secret-admin-1' }, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
      [{ ADMIN_EMAIL: 'pas-une-adresse', ADMIN_PASSWORD: 'Secret-admin-1' }, 'ADMIN_EMAIL must be an e-mail address'],
      [{ ADMIN_EMAIL: 'chef@exemple.fr', ADMIN_PASSWORD: 'court' }, 'ADMIN_PASSWORD must be at least 8 characters long'],
    ];
    for (const [env, message] of cases) {
      const got = failure(env);
      expect({ env, got }).toEqual({ env, got: message });
      expect(got).not.toContain('\n');
    }
  });

  it('makes the process exit with status 1 and that one line on stderr', async () => {
    const root = join(__dirname, '../..');
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-r', join(__dirname, '../support/ts-register.js'), join(root, 'apps/standalone/src/main.ts')],
          { cwd: root, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env }, timeout: 30_000 },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
        );
      });
    const port = await run({ PORT: 'abc' });
    expect(port).toEqual({ code: 1, stdout: '', stderr: 'Configuration error: PORT must be an integer between 0 and 65535 (got "abc")\n' });
    const db = await run({ DATABASE_URL: 'mysql://u@db/app' });
    expect(db.code).toBe(1);
    expect(db.stderr).toBe('Configuration error: DATABASE_URL must start with postgres: or postgresql: (got "mysql:")\n');
  });
});
