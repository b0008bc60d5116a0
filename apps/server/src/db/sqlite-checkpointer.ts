import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, run by a worker thread instead of inside the commits of the writing connection.
 *
 * A checkpoint copies the pages the log holds back into the database file and syncs both: left to SQLite, the
 * commit that takes the log past 1,000 pages does it on the event loop (a reply in about seventy paid for
 * it; without checkpoints, agent replies ran some 13 % faster). The worker opens its own connection with
 * better-sqlite3 — the same library, loaded once per process, so the POSIX locks of both connections are
 * the same SQLite's to arbitrate (a worker with node:sqlite, a second copy of SQLite whose locks the first
 * does not see, was tried before and gave "disk I/O error" on reopening: sqlite.org, "How to corrupt",
 * 2.2.1). It runs passive checkpoints, which wait for neither the writer nor readers, shortly after commits.
 *
 * A passive checkpoint cannot reset the log while commits keep coming (it copies up to the last commit it
 * saw; the writer restarts the log only once everything was copied). So the writing connection keeps its
 * own automatic checkpoint, at a size the worker normally keeps it from reaching
 * (`WRITER_CHECKPOINT_PAGES`); under sustained writes it then copies only what the worker had not yet, and
 * the log starts again from its beginning.
 */
export const WRITER_CHECKPOINT_PAGES = 4000;

/** How long after a commit the worker is asked to checkpoint: commits within it are copied together. */
const CHECKPOINT_DELAY_MS = 50;

// Evaluated in the worker: plain JavaScript, so it runs the same from sources (tests) and from the build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = db.prepare('pragma wal_checkpoint(passive)');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    checkpoint.run();
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
  }
});
`;

export interface Checkpointer {
  /** Something was committed: the worker checkpoints shortly. */
  committed(): void;
  /** Closes the worker's connection (before the writing connection closes, which then checkpoints last). */
  close(): Promise<void>;
}

/** `warn` hears of checkpoints that failed; the writing connection's own checkpoint still bounds the log. */
export function startCheckpointer(path: string, warn: (message: string) => void): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driverPath } });
  worker.unref();
  let scheduled: NodeJS.Timeout | null = null;
  let closed = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { failed?: string }) => {
    if (message.failed) warn(`SQLite checkpoint failed in its worker: ${message.failed}`);
  });
  worker.on('error', (error) => {
    closed = true;
    warn(`SQLite checkpoint worker stopped, the writing connection checkpoints alone: ${error.message}`);
  });
  return {
    committed() {
      if (scheduled || closed) return;
      scheduled = setTimeout(() => {
        scheduled = null;
        if (!closed) worker.postMessage('checkpoint');
      }, CHECKPOINT_DELAY_MS);
      scheduled.unref();
    },
    async close() {
      if (scheduled) clearTimeout(scheduled);
      scheduled = null;
      if (!closed) {
        closed = true;
        // Kept alive until it has closed: an unreferenced worker's exit would not hold an idle process open.
        worker.ref();
        worker.postMessage('close');
      }
      await exited;
    },
  };
}
