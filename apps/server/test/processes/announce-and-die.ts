/**
 * A process that announces items through the real Redis announcement path and is killed (SIGKILL) at a
 * chosen moment: `during` — after the first of its PUBLISHes was issued, before the rest; `after` — as soon
 * as the announcement call returns. Used by announced-items-crash.test.ts.
 */
import { Redis } from 'ioredis';
import { redisAnnouncedItems } from '../../src/events/announced-items.js';

const [url, prefix, channel, moment] = process.argv.slice(2) as [string, string, string, 'during' | 'after'];
const redis = new Redis(url);
await redis.ping();
const announced = redisAnnouncedItems(redis, prefix);
const die = () => process.kill(process.pid, 'SIGKILL');
announced.announce([1, 2, 3], () => {
  for (const id of [1, 2, 3]) {
    void redis.publish(channel, `item ${id}`);
    if (moment === 'during' && id === 1) die();
  }
});
if (moment === 'after') die();
