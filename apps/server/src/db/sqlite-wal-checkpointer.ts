import { Worker } from 'node:worker_threads';

/**
 * Copies SQLite's write-ahead log back into the database file from a worker thread, so that the server's
 * own thread never does. Left to itself, SQLite checkpoints inside the commit that takes the log past 1,000
 * pages: that commit copies every page and syncs the file, and on the server's one thread everything else
 * (every socket, every request) waits for it. On this project's 2-core machine that made one commit in a
 * hundred take 10–20 ms instead of under one (measured on a group of eight chat messages).
 *
 * The worker has a connection of its own (`node:sqlite`; the log's format is SQLite's, whichever build
 * writes it) and runs a PASSIVE checkpoint every `intervalMs`: it copies what no reader still needs and
 * never waits for, or blocks, the writer or the readers. Once a checkpoint has copied the whole log, the
 * writer's next transaction starts the log over from its beginning, so the log stays about as large as a
 * few intervals' writes. The writing connection's own automatic checkpoint is switched off only once the
 * worker runs, and back on if the worker ever stops unexpectedly, so the log never grows without bound.
 */
export interface WalCheckpointer {
  /** Stops the worker (the last connection to close checkpoints what is left, as SQLite always does). */
  close(): Promise<void>;
}

/** The writing connection's handle: better-sqlite3's `pragma`. */
interface WritingHandle {
  pragma(source: string): unknown;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

// Run as an evaluated script so that it needs no file of its own beside the compiled server (or the sources,
// under the test runner). It reports each failure and stops: the server then checkpoints as SQLite would.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let db;
try {
  db = new DatabaseSync(workerData.path);
  db.exec('pragma busy_timeout = 1000');
  const checkpoint = db.prepare('pragma wal_checkpoint(passive)');
  const timer = setInterval(() => {
    try {
      checkpoint.get();
    } catch (error) {
      clearInterval(timer);
      parentPort.postMessage({ failed: String(error && error.message || error) });
      db.close();
    }
  }, workerData.intervalMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close();
  });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ failed: String(error && error.message || error) });
}
`;

export function startWalCheckpointer(
  writer: WritingHandle,
  path: string | undefined,
  onProblem: (message: string) => void,
  intervalMs = 200,
): WalCheckpointer | null {
  if (!path || path === ':memory:' || path.startsWith('file::memory:')) return null;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs } });
  // It must never keep a finished process alive.
  worker.unref();
  let closing = false;
  let exited = false;
  const fallBack = (message: string) => {
    if (closing) return;
    writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    onProblem(message);
  };
  worker.on('message', (message: { ready?: true; failed?: string }) => {
    if (message.ready && !closing) writer.pragma('wal_autocheckpoint = 0');
    if (message.failed !== undefined) fallBack(message.failed);
  });
  worker.on('error', (error) => fallBack(error.message));
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) fallBack(`the checkpoint worker exited with code ${code}`);
  });
  return {
    async close() {
      closing = true;
      if (exited) return;
      const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await gone;
    },
  };
}
