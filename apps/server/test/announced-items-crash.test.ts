import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnnouncedItems } from '../src/events/announced-items.js';
import { redisUrlForTests as redisUrl } from './helpers/two-processes.js';

/**
 * An instance killed while announcing thread items must leave Redis consistent with what agents heard: either
 * every announcement went out and is noted (a retry on another instance stays silent), or none did and none
 * is noted (the retry announces them). Half of it — heard but not noted — is a duplicate on retry.
 */
describe.skipIf(!redisUrl)('announcing items when the process dies [redis]', () => {
  let subscriber: Redis;
  let redis: Redis;
  const heard: string[] = [];
  const prefix = `parley-announce-crash-${process.pid}`;
  const channel = `${prefix}:channel`;

  beforeAll(async () => {
    subscriber = new Redis(redisUrl!);
    redis = new Redis(redisUrl!);
    await subscriber.subscribe(channel);
    subscriber.on('message', (_channel, message: string) => heard.push(message));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    subscriber.disconnect();
    redis.disconnect();
  });

  async function runUntilKilled(moment: 'during' | 'after'): Promise<void> {
    heard.length = 0;
    await redis.del(...[1, 2, 3].map((id) => `${prefix}:announced:${id}`));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/processes/announce-and-die.ts', redisUrl!, prefix, channel, moment], { stdio: ['ignore', 'inherit', 'inherit'] });
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    // Whatever Redis received before the connection closed has been run (or dropped) by the time a later command answers.
    await redis.ping();
    await sleep(100);
  }

  it('killed half-way: nothing was heard and nothing is noted, so a retry announces all of it', async () => {
    await runUntilKilled('during');
    expect(heard).toEqual([]);
    const claimed = await redisAnnouncedItems(redis, prefix).claimUnannounced([1, 2, 3]);
    expect(claimed).toEqual([1, 2, 3]);
  });

  it('killed just after: everything was heard and noted, so a retry announces none of it', async () => {
    await runUntilKilled('after');
    expect(heard).toEqual(['item 1', 'item 2', 'item 3']);
    const claimed = await redisAnnouncedItems(redis, prefix).claimUnannounced([1, 2, 3]);
    expect(claimed).toEqual([]);
  });
});
