import type { Logger } from '../logger.js';
import type { ServerEventMap, ServerEventName } from './server-events.js';

type Listener<K extends ServerEventName> = (payload: ServerEventMap[K]) => void | Promise<void>;

/**
 * Facts published after a transaction commits. Each listener has one job (realtime fan-out today;
 * notifications, automation, webhooks later); a failing listener is logged and never fails the request
 * that already committed.
 */
export class EventBus {
  readonly #listeners = new Map<ServerEventName, Listener<ServerEventName>[]>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  on<K extends ServerEventName>(name: K, listener: Listener<K>): void {
    const list = this.#listeners.get(name) ?? [];
    list.push(listener as Listener<ServerEventName>);
    this.#listeners.set(name, list);
  }

  /**
   * Like `on`, for listeners whose cost is mostly loading: the facts published in one turn of the event loop
   * reach the listener together, so it loads what they name with one query per kind instead of one per fact
   * (under load a batch of chat messages commits together and is announced together).
   */
  onBatch<K extends ServerEventName>(name: K, listener: (payloads: readonly ServerEventMap[K][]) => void | Promise<void>): void {
    let collecting: { payloads: ServerEventMap[K][]; run: Promise<void> } | null = null;
    this.on(name, (payload) => {
      if (collecting) {
        collecting.payloads.push(payload);
        // Every fact of the batch is done when the batch's run is.
        return collecting.run;
      }
      const payloads = [payload];
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        collecting = null;
        return listener(payloads);
      });
      collecting = { payloads, run };
      return run;
    });
  }

  /**
   * Runs every listener of the fact. The promise settles when they all have (it never rejects: a failing
   * listener is logged), for the rare caller that must not answer before the fact was announced.
   */
  publish<K extends ServerEventName>(name: K, payload: ServerEventMap[K]): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const listener of this.#listeners.get(name) ?? []) {
      const run = (async () => {
        try {
          await listener(payload);
        } catch (error) {
          this.logger.error({ err: error, event: name }, 'event listener failed');
        }
      })();
      this.#pending.add(run);
      void run.finally(() => this.#pending.delete(run));
      runs.push(run);
    }
    return Promise.all(runs).then(() => undefined);
  }

  /** Waits for listeners still running (used on shutdown so no fan-out is cut off mid-way). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
