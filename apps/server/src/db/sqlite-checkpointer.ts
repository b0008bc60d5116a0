import { statSync } from 'node:fs';
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
 * A passive checkpoint copies up to the last commit it saw, and the log starts again from its beginning only
 * when a write transaction begins with every page copied, which commits back to back never allow. So once a
 * checkpoint finds the log `RESTART_LOG_PAGES` long, writers wait (asynchronously: the event loop goes on
 * serving reads) while a second checkpoint copies the last pages; the next write starts the log again. The
 * writers' wait is the only backpressure: a disk that cannot keep up slows the writes rather than let the log
 * grow. A checkpoint learns the log's length only as it begins, so while a slow one runs, a log that has
 * outgrown its file's limit makes writers wait at once. (Before, the writing connection's own automatic
 * checkpoint was to restart the log, but it is refused at once while the worker's runs; on a disk busy with
 * other writes the log grew by 12,000 pages inside one 0.6-s checkpoint and did not start again for 20 s of
 * back-to-back writes.)
 *
 * The writing connection keeps an automatic checkpoint, at `WRITER_CHECKPOINT_PAGES`, for a worker that
 * stopped. The log's file keeps its largest size unless told otherwise, so SQLite cuts it back to
 * `logFileLimitBytes` when the log next starts again (`journal_size_limit`).
 */
export const RESTART_LOG_PAGES = 4000;
export const WRITER_CHECKPOINT_PAGES = 4 * RESTART_LOG_PAGES;

/** A quarter above the log's usual largest size, so a log that restarts as designed is never cut. */
export function logFileLimitBytes(pageSize: number): number {
  const WAL_FRAME_HEADER_BYTES = 24;
  return Math.ceil(1.25 * RESTART_LOG_PAGES * (pageSize + WAL_FRAME_HEADER_BYTES));
}

/** How long after a commit the worker is asked to checkpoint: commits within it are copied together. */
const CHECKPOINT_DELAY_MS = 50;
/** While a checkpoint runs, how often a commit looks at the log's file size. */
const LOG_FILE_LOOK_INTERVAL_MS = 5;

// Evaluated in the worker: plain JavaScript, so it runs the same from sources (tests) and from the build.
// Every request gets one answer, in order: the log's length and how much of it is copied, or the failure.
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
    const { log, checkpointed } = checkpoint.get();
    parentPort.postMessage({ log, checkpointed });
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
  }
});
`;

/** What one checkpoint found: the log's length in pages and how many are in the database file (-1: none ran). */
type CheckpointOutcome = { log: number; checkpointed: number } | { failed: string };

/** Runs `work` while no write transaction runs or starts (the group commit's writing turn). */
export type PauseWrites = <T>(work: () => Promise<T>) => Promise<T>;

export interface Checkpointer {
  /** Something was committed: the worker checkpoints shortly. */
  committed(): void;
  /** How writers are made to wait while the log's last pages are copied; until given, they never wait. */
  pauseWritesWith(pause: PauseWrites): void;
  /** Closes the worker's connection (before the writing connection closes, which then checkpoints last). */
  close(): Promise<void>;
}

/**
 * `pageSize` is the database's; `warn` hears of checkpoints that failed (the writing connection's own
 * checkpoint still bounds the log).
 */
export function startCheckpointer(path: string, pageSize: number, warn: (message: string) => void): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driverPath } });
  worker.unref();
  const logPath = `${path}-wal`;
  const logFileLimit = logFileLimitBytes(pageSize);
  let scheduled: NodeJS.Timeout | null = null;
  let closed = false;
  let checkpointing = false;
  let committedWhileCheckpointing = false;
  let pausing = false;
  let pauseWrites: PauseWrites | null = null;
  const answers: ((outcome: CheckpointOutcome) => void)[] = [];
  const answerAll = (failed: string) => {
    for (const answer of answers.splice(0)) answer({ failed });
  };
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      closed = true;
      answerAll('the checkpoint worker has stopped');
      resolve();
    }),
  );
  worker.on('message', (outcome: CheckpointOutcome) => {
    if ('failed' in outcome) warn(`SQLite checkpoint failed in its worker: ${outcome.failed}`);
    answers.shift()?.(outcome);
  });
  worker.on('error', (error) => {
    closed = true;
    answerAll(error.message);
    warn(`SQLite checkpoint worker stopped, the writing connection checkpoints alone: ${error.message}`);
  });

  /** Queued behind any checkpoint the worker is running. */
  function checkpoint(): Promise<CheckpointOutcome> {
    if (closed) return Promise.resolve({ failed: 'closed' });
    return new Promise((resolve) => {
      answers.push(resolve);
      worker.postMessage('checkpoint');
    });
  }

  /** Writers wait until every page is copied; the next write starts the log again. */
  async function pauseWritesUntilCopied(): Promise<void> {
    if (pausing || !pauseWrites || closed) return;
    pausing = true;
    try {
      await pauseWrites(checkpoint);
    } catch (error) {
      // The open group's commit failed (its members heard why); the next commit tries again.
      warn(`SQLite log could not be started again: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      pausing = false;
    }
  }

  async function checkpointNow(): Promise<void> {
    checkpointing = true;
    try {
      const outcome = await checkpoint();
      if (!('failed' in outcome) && outcome.log >= RESTART_LOG_PAGES) await pauseWritesUntilCopied();
    } finally {
      checkpointing = false;
    }
    if (committedWhileCheckpointing) {
      committedWhileCheckpointing = false;
      scheduleCheckpoint();
    }
  }

  function scheduleCheckpoint(): void {
    if (scheduled || closed) return;
    if (checkpointing) {
      committedWhileCheckpointing = true;
      return;
    }
    scheduled = setTimeout(() => {
      scheduled = null;
      if (!closed) void checkpointNow();
    }, CHECKPOINT_DELAY_MS);
    scheduled.unref();
  }

  /**
   * A checkpoint only learns how long the log was when it began: while a slow one runs, the log's file
   * tells. Past the limit, it has grown beyond its usual largest size since it last started again (SQLite
   * cuts the file back then), so writers wait now rather than after that checkpoint. Looked at no more
   * than once every few milliseconds: a `stat` per commit cost 0.4 % of the agent reply bench's CPU.
   */
  let logFileSeenAt = -Infinity;
  function logOutgrewItsFile(): boolean {
    const now = performance.now();
    if (now - logFileSeenAt < LOG_FILE_LOOK_INTERVAL_MS) return false;
    logFileSeenAt = now;
    return (statSync(logPath, { throwIfNoEntry: false })?.size ?? 0) > logFileLimit;
  }

  return {
    committed() {
      if (closed) return;
      if (checkpointing && !pausing && pauseWrites && logOutgrewItsFile()) void pauseWritesUntilCopied();
      scheduleCheckpoint();
    },
    pauseWritesWith(pause) {
      pauseWrites = pause;
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
