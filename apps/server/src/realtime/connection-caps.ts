import type { Redis } from 'ioredis';

/** One allowance a new socket must fit in: at most `limit` open sockets under `key`. */
export interface SocketCap {
  readonly key: string;
  readonly limit: number;
}

/**
 * Caps on open sockets (per visitor, per address, per agent session). With Redis they hold across every
 * instance: each key is a sorted set of socket ids scored by a lease that the owning instance renews while the
 * socket is open, so sockets of an instance that died stop counting once their lease runs out. Without Redis
 * they hold per instance.
 */
export interface ConnectionCaps {
  /** Admits the socket under every cap, or none: the cap that is full, or null when admitted. */
  acquire(socketId: string, caps: readonly SocketCap[]): Promise<SocketCap | null>;
  /** Frees the socket's places (safe to call more than once). */
  release(socketId: string): Promise<void>;
  close(): void;
}

export function createConnectionCaps(redis: Redis | null, keyPrefix: string): ConnectionCaps {
  return redis ? new RedisConnectionCaps(redis, `${keyPrefix}:socket-caps`) : new MemoryConnectionCaps();
}

class MemoryConnectionCaps implements ConnectionCaps {
  readonly #open = new Map<string, Set<string>>();
  readonly #held = new Map<string, readonly string[]>();

  async acquire(socketId: string, caps: readonly SocketCap[]): Promise<SocketCap | null> {
    const full = caps.find((cap) => (this.#open.get(cap.key)?.size ?? 0) >= cap.limit);
    if (full) return full;
    for (const cap of caps) {
      const sockets = this.#open.get(cap.key) ?? new Set<string>();
      sockets.add(socketId);
      this.#open.set(cap.key, sockets);
    }
    this.#held.set(socketId, caps.map((c) => c.key));
    return null;
  }

  async release(socketId: string): Promise<void> {
    for (const key of this.#held.get(socketId) ?? []) {
      const sockets = this.#open.get(key);
      sockets?.delete(socketId);
      if (sockets?.size === 0) this.#open.delete(key);
    }
    this.#held.delete(socketId);
  }

  close(): void {}
}

/** A lease long enough to ride out a slow renewal, short enough that a dead instance's sockets soon stop counting. */
const LEASE_MS = 60_000;
const RENEW_EVERY_MS = LEASE_MS / 3;

// Checks every cap first and only then takes a place in each, in one atomic step: concurrent handshakes
// cannot overshoot a cap, and a refused socket holds no place anywhere.
const ACQUIRE = `
local now = tonumber(ARGV[1])
local expiry = tonumber(ARGV[2])
local member = ARGV[3]
local ttl = tonumber(ARGV[4])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if not redis.call('ZSCORE', key, member) and redis.call('ZCARD', key) >= tonumber(ARGV[4 + i]) then return i end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, expiry, member)
  redis.call('PEXPIRE', key, ttl)
end
return 0
`;

class RedisConnectionCaps implements ConnectionCaps {
  readonly #held = new Map<string, readonly string[]>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.#timer = setInterval(() => void this.#renew().catch(() => undefined), RENEW_EVERY_MS);
    this.#timer.unref();
  }

  async acquire(socketId: string, caps: readonly SocketCap[]): Promise<SocketCap | null> {
    if (caps.length === 0) return null;
    const now = Date.now();
    const keys = caps.map((c) => `${this.prefix}:${c.key}`);
    const full = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, now, now + LEASE_MS, socketId, LEASE_MS * 2, ...caps.map((c) => c.limit)));
    if (full > 0) return caps[full - 1]!;
    this.#held.set(socketId, keys);
    return null;
  }

  async release(socketId: string): Promise<void> {
    const keys = this.#held.get(socketId);
    if (!keys) return;
    this.#held.delete(socketId);
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zrem(key, socketId);
    await pipeline.exec();
  }

  /** Extends the lease of every socket this instance holds open. */
  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const expiry = Date.now() + LEASE_MS;
    const pipeline = this.redis.pipeline();
    for (const [socketId, keys] of this.#held) {
      for (const key of keys) {
        pipeline.zadd(key, 'XX', expiry, socketId);
        pipeline.pexpire(key, LEASE_MS * 2);
      }
    }
    await pipeline.exec();
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
