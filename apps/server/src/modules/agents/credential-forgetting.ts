import type { Redis } from 'ioredis';
import { credentialWritesOf } from '../../db/credential-writes.js';
import type { Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import type { CredentialCache } from './credential-cache.js';

/**
 * Ties the credential cache to the writes that change what credentials prove: when one commits, this
 * instance forgets at once (before the request that wrote answers), and every other instance forgets when
 * the message on Redis reaches it. An instance whose subscription is not live (connecting, reconnecting)
 * keeps nothing meanwhile, since it could miss a message: it checks every credential as it would without a
 * cache.
 */
export function forgetCredentialsOnChange(orm: Orm, cache: CredentialCache, redis: Redis | null, keyPrefix: string, logger: Logger): { close(): Promise<void> } {
  const channel = `${keyPrefix}:credentials-changed`;
  credentialWritesOf(orm.config).onCommitted(() => {
    cache.forget();
    redis?.publish(channel, 'forget').catch((error: unknown) => logger.error({ err: error }, 'could not tell other instances that credentials changed'));
  });
  if (!redis) return { close: async () => undefined };

  cache.keeping = false;
  const subscriber = redis.duplicate();
  let subscribed = false;
  const stopKeeping = () => {
    cache.keeping = false;
    cache.forget();
  };
  subscriber.on('message', (from: string) => {
    if (from === channel) cache.forget();
  });
  subscriber.on('close', stopKeeping);
  subscriber.on('reconnecting', stopKeeping);
  // ioredis subscribes again by itself after a reconnect; a message in the instant before that is covered
  // by the entries' short life.
  subscriber.on('ready', () => {
    if (!subscribed) return;
    cache.forget();
    cache.keeping = true;
  });
  subscriber
    .subscribe(channel)
    .then(() => {
      subscribed = true;
      cache.forget();
      cache.keeping = subscriber.status === 'ready';
    })
    .catch((error: unknown) => logger.error({ err: error }, 'could not follow credential changes; every request checks its credential'));
  return {
    close: async () => {
      cache.keeping = false;
      await subscriber.quit().catch(() => undefined);
    },
  };
}
