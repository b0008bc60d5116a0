import type { Em, Orm } from '../../db/orm.js';
import { CoalescedRun } from '../../jobs/coalesced-run.js';
import type { Logger } from '../../logger.js';
import { foldBatch } from './statistics-fold.js';
import { buildDailyStep, zonesBeingBuilt } from './statistics-zones.js';

/**
 * The statistics rollups' background work: the fold (queued facts into the rollups), kicked before every
 * report, which waits for it so that it counts everything committed before it was asked for, and on the
 * scheduler's sweep for facts other instances wrote; and the building of a newly asked-for zone's days.
 */
export class StatisticsRollups {
  readonly #fold: CoalescedRun;
  readonly #build: CoalescedRun;
  #closed = false;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
  ) {
    this.#fold = new CoalescedRun(
      () => this.foldAll(),
      (error) => this.logger.error({ err: error }, 'statistics fold failed'),
    );
    this.#build = new CoalescedRun(
      () => this.buildZones(),
      (error) => this.logger.error({ err: error }, 'statistics zone build failed'),
    );
  }

  /** Folds until the queue is empty; answers how many facts were added. */
  async foldAll(): Promise<number> {
    let folded = 0;
    for (;;) {
      if (this.#closed) return folded;
      const done = await foldBatch(this.orm.em.fork() as Em);
      folded += done;
      if (done === 0) return folded;
    }
  }

  /** Every fact committed so far is in the rollups once this resolves. */
  async caughtUp(): Promise<void> {
    if (this.#closed) return;
    this.#fold.kick();
    await this.#fold.idle();
  }

  /** Builds the days of every zone asked for and not yet built. */
  async buildZones(): Promise<void> {
    for (const zone of await zonesBeingBuilt(this.orm.em.fork() as Em)) {
      while (!this.#closed && !(await buildDailyStep(this.orm.em.fork() as Em, zone)));
    }
  }

  kickBuild(): void {
    if (!this.#closed) this.#build.kick();
  }

  /** For tests and the scheduler: waits until no zone is left to build. */
  async built(): Promise<void> {
    this.kickBuild();
    await this.#build.idle();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#fold.idle();
    await this.#build.idle();
  }
}
