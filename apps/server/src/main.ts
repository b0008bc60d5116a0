import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/env.js';
import { collectWhenIdle } from './idle-memory.js';
import { startMessage } from './start-message.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp(config);
  const url = await app.listen();
  process.stdout.write(
    startMessage({
      publicUrl: config.publicUrl,
      listeningUrl: url,
      database: config.database,
      setupToken: app.setupToken,
      createdAdministrator: app.createdAdministrator,
      configuredAdministrator: config.admin?.email ?? null,
    }),
  );

  // After a busy spell, 10 s of quiet hand the heap it grew back (idle-memory.ts).
  collectWhenIdle(10_000);

  // A stray rejection is a bug to fix, not a reason to drop every agent's connection: log it and carry on.
  process.on('unhandledRejection', (reason) => app.context.logger.error({ err: reason }, 'unhandled promise rejection'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.context.logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();
