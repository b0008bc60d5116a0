import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './create-test-app.js';
import { freePort, type ServerProcess, startSourceServer } from './server-process.js';

export const redisUrlForTests = process.env.REDIS_URL_FOR_TESTS ?? null;

export interface TwoProcesses {
  /** The test's own instance on the same database, for departments and agents; it keeps out of the way. */
  readonly setup: TestApp;
  readonly servers: readonly [ServerProcess, ServerProcess];
  close(): Promise<void>;
}

/** Two server processes of one installation: one PostgreSQL database, one Redis, one visitor-token secret. */
export async function startTwoProcesses(name: string, env: Record<string, string> = {}): Promise<TwoProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), `parley-${name}-`));
  const setup = await createTestApp({ db: 'postgresql' });
  const shared = {
    DATABASE_URL: setup.databaseUrl,
    PARLEY_DATA_DIR: dataDir,
    REDIS_URL: redisUrlForTests!,
    REDIS_KEY_PREFIX: `parley-${name}-${process.pid}-${Date.now()}`,
    VISITOR_TOKEN_SECRET: 'one installation-wide secret of thirty-two characters',
    ...env,
  };
  // One after the other: the first runs the migrations the second then finds done.
  const first = await startSourceServer({ ...shared, PORT: String(await freePort()) });
  const second = await startSourceServer({ ...shared, PORT: String(await freePort()) });
  return {
    setup,
    servers: [first, second],
    async close() {
      await first.stop();
      await second.stop();
      await setup.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
