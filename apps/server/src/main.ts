import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/env.js';
import { collectWhenIdle } from './idle-memory.js';

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
  const where = config.database.kind === 'sqlite' ? `SQLite at ${config.database.path}` : 'PostgreSQL';
  const lines = [``, `Parley is running at ${config.publicUrl} (listening on ${url}, ${where}).`];
  if (app.setupToken) {
    lines.push(`No administrator exists yet. Open this one-time link to create the first one:`);
    lines.push(`  ${config.publicUrl}/setup?token=${app.setupToken}`);
    lines.push(`(or POST /api/v1/auth/setup with {"token","name","email","password"}).`);
  } else {
    lines.push(`Sign in at ${config.publicUrl} with an administrator's email and password` + (config.admin ? ` (PARLEY_ADMIN_EMAIL=${config.admin.email}).` : '.'));
  }
  lines.push(`API documentation: ${config.publicUrl}/api/docs`, ``);
  process.stdout.write(lines.join('\n'));

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
