import type { Redis } from 'ioredis';

/**
 * Which thread items have been announced to agents, so that a retried message whose first instance died
 * between commit and announcement is announced once: by whoever gets there first. Shared through Redis
 * when instances are joined; in memory (and lost with the process, like the sockets it speaks to) when not.
 */
export interface AnnouncedItems {
  /** Notes items just announced. */
  record(itemIds: readonly number[]): void;
  /** Of these replayed items, those nobody announced yet; they count as announced from now on. */
  claimUnannounced(itemIds: readonly number[]): Promise<number[]>;
}

/** Long enough for any retry to arrive (clients retry within minutes); short enough to cost little memory. */
const REMEMBER_SECONDS = 3600;

export function redisAnnouncedItems(redis: Redis, keyPrefix: string): AnnouncedItems {
  const key = (id: number) => `${keyPrefix}:announced:${id}`;
  return {
    record(itemIds) {
      if (itemIds.length === 0) return;
      const pipeline = redis.pipeline();
      for (const id of itemIds) pipeline.set(key(id), '1', 'EX', REMEMBER_SECONDS);
      void pipeline.exec().catch(() => undefined);
    },
    async claimUnannounced(itemIds) {
      const pipeline = redis.pipeline();
      for (const id of itemIds) pipeline.set(key(id), '1', 'EX', REMEMBER_SECONDS, 'NX');
      const results = (await pipeline.exec()) ?? [];
      return itemIds.filter((_, i) => results[i]?.[1] === 'OK');
    },
  };
}

export function memoryAnnouncedItems(capacity = 100_000): AnnouncedItems {
  const seen = new Set<number>();
  const remember = (id: number) => {
    seen.add(id);
    if (seen.size > capacity) seen.delete(seen.values().next().value!);
  };
  return {
    record(itemIds) {
      for (const id of itemIds) remember(id);
    },
    async claimUnannounced(itemIds) {
      const fresh = itemIds.filter((id) => !seen.has(id));
      for (const id of fresh) remember(id);
      return fresh;
    },
  };
}
