import { type Ack, type VisitorCommandName, type VisitorCommandResult, visitorCommands } from '@parley/protocol';
import type { z } from 'zod';
import type { AppContext } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { toErrorResponse } from '../http/error-handler.js';
import { assertStorableInput } from '../http/storable-input.js';
import type { VisitorScope } from '../modules/chats/chat.service.js';
import type { VisitorSocket } from './socket-types.js';

type Handler<K extends VisitorCommandName> = (
  payload: z.output<(typeof visitorCommands)[K]['payload']>,
  scope: VisitorScope,
  socket: VisitorSocket,
) => Promise<VisitorCommandResult<K>>;

/**
 * defineHandler's twin for the /visitor namespace: count the command against the visitor's rate, validate
 * with the visitor contract's schema, run the service as the socket's visitor with an entity manager of its
 * own, and ack only after the service has committed.
 */
export function defineVisitorHandler<K extends VisitorCommandName>(app: AppContext, socket: VisitorSocket, event: K, handler: Handler<K>): void {
  const schema = visitorCommands[event].payload;
  socket.on(event as never, (async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack<unknown>) => void) : () => undefined;
    try {
      await app.rateLimits.consumeVisitorCommand(socket.data.visitorId);
      assertStorableInput(payload);
      const parsed = schema.parse(payload ?? {});
      const data = await handler(parsed as never, visitorScope(app, socket.data.visitorId), socket);
      reply({ ok: true, data });
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      const log = { event, visitorId: socket.data.visitorId, code: body.error.code };
      if (status >= 500) app.logger.error({ ...log, err: error }, 'visitor command failed');
      else app.logger.info(log, 'visitor command refused');
      reply({ ok: false, error: body.error });
    }
  }) as never);
}

/**
 * The command's scope, its entity manager forked when first used: a chat message goes through the group
 * commit and needs none. Forking sets the ORM's configuration twice, writing an environment variable each
 * time: `setEnv` alone was 1.3 % of the server's CPU in the chat bench's closed loop on SQLite.
 */
function visitorScope(app: AppContext, visitorId: string): VisitorScope {
  let em: Em | undefined;
  return {
    app,
    visitorId,
    get em() {
      em ??= app.orm.em.fork() as Em;
      return em;
    },
  };
}
