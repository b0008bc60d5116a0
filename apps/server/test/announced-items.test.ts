import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnnouncedItems, memoryAnnouncedItems, redisAnnouncedItems } from '../src/events/announced-items.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

function behavesAsALedger(make: () => AnnouncedItems) {
  it('gives a replayed item to the first claimant only, and never one that was announced already', async () => {
    const ledger = make();
    const base = Math.floor(Math.random() * 1e9);
    let emitted = 0;
    ledger.announce([base + 1, base + 2], () => emitted++);
    expect(emitted).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await ledger.claimUnannounced([base + 1, base + 3])).toEqual([base + 3]);
    expect(await ledger.claimUnannounced([base + 3])).toEqual([]);
    const [a, b] = await Promise.all([ledger.claimUnannounced([base + 4]), ledger.claimUnannounced([base + 4])]);
    expect([...a, ...b]).toEqual([base + 4]);
  });
}

describe('announced items, in memory', () => behavesAsALedger(() => memoryAnnouncedItems()));

describe.skipIf(!redisUrl)('announced items, shared through Redis', () => {
  const redis = redisUrl ? new Redis(redisUrl) : null;
  afterAll(() => redis?.quit());
  behavesAsALedger(() => redisAnnouncedItems(redis!, `parley-ledger-test-${process.pid}`));
  it('is shared: an item one instance announced is not claimed by another', async () => {
    const prefix = `parley-ledger-shared-${process.pid}`;
    const other = new Redis(redisUrl!);
    try {
      redisAnnouncedItems(redis!, prefix).announce([42], () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await redisAnnouncedItems(other, prefix).claimUnannounced([42, 43])).toEqual([43]);
    } finally {
      await other.quit();
    }
  });
});
