import type { Redis } from 'ioredis';

/**
 * Which thread items have been announced to agents, so that a retried message whose first instance died
 * between commit and announcement is announced once: by whoever gets there first. Shared through Redis
 * when instances are joined; in memory (and lost with the process, like the sockets it speaks to) when not.
 */
export interface AnnouncedItems {
  /**
   * Runs `emit` (which announces these items) and notes them as announced, as one write that either happens
   * whole or not at all: an instance killed half-way must leave neither an announcement nobody noted (the
   * retry would announce it again) nor a note of an announcement nobody heard (the retry would stay silent).
   */
  announce(itemIds: readonly number[], emit: () => void): void;
  /** Of these replayed items, those nobody announced yet; they count as announced from now on. */
  claimUnannounced(itemIds: readonly number[]): Promise<number[]>;
}

/** Long enough for any retry to arrive (clients retry within minutes); short enough to cost little memory. */
const REMEMBER_SECONDS = 3600;

export function redisAnnouncedItems(redis: Redis, keyPrefix: string): AnnouncedItems {
  const key = (id: number) => `${keyPrefix}:announced:${id}`;
  return {
    announce(itemIds, emit) {
      // The announcements are PUBLISHes that the Socket.IO adapter sends on this same connection, so a
      // MULTI opened here holds them with the notes: Redis runs nothing of it until EXEC arrives, and drops
      // it all if the connection dies first. Nothing else can slip in between, since all of it runs in one
      // synchronous stretch; the stream is corked so the whole transaction leaves in one write.
      // Absent until the first connection is made (commands wait in ioredis's queue, in order, meanwhile).
      const stream = redis.stream as typeof redis.stream | undefined;
      stream?.cork();
      void redis.multi({ pipeline: false }).catch(() => undefined);
      try {
        emit();
        for (const id of itemIds) void redis.set(key(id), '1', 'EX', REMEMBER_SECONDS).catch(() => undefined);
      } finally {
        void redis.exec().catch(() => undefined);
        stream?.uncork();
      }
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
    announce(itemIds, emit) {
      emit();
      for (const id of itemIds) remember(id);
    },
    async claimUnannounced(itemIds) {
      const fresh = itemIds.filter((id) => !seen.has(id));
      for (const id of fresh) remember(id);
      return fresh;
    },
  };
}
