import { DomainError, ErrorCodes } from '@parley/domain';
import { type Ack, type AgentCommandName, type AgentCommandResult, agentCommands } from '@parley/protocol';
import type { z } from 'zod';
import type { AgentScope, AppContext } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { toErrorResponse } from '../http/error-handler.js';
import { assertStorableInput } from '../http/storable-input.js';
import { loadAgentPrincipal } from '../modules/agents/principal.repository.js';
import type { AgentSocket } from './socket-types.js';

type Handler<K extends AgentCommandName> = (
  payload: z.output<(typeof agentCommands)[K]['payload']>,
  scope: AgentScope,
  socket: AgentSocket,
) => Promise<AgentCommandResult<K>>;

/**
 * The one way to handle an agent command: validate the payload with its protocol schema, reload the agent
 * (a deactivated agent's open socket is refused at once), fork an entity manager, run the service, and
 * answer with an Ack only after the service has committed. Bad input never throws out of here. With
 * `inOrder`, one connection's commands of that event are handled one after another in the order they came.
 */
export function defineHandler<K extends AgentCommandName>(app: AppContext, socket: AgentSocket, event: K, handler: Handler<K>, options: { inOrder?: boolean } = {}): void {
  const schema = agentCommands[event].payload;
  const handle = async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack<unknown>) => void) : () => undefined;
    try {
      // A revoked credential disconnects its sockets at once; a command that was already queued is refused.
      if (socket.disconnected) throw new DomainError(ErrorCodes.authRequired, 'The session ended.');
      assertStorableInput(payload);
      const parsed = schema.parse(payload ?? {});
      const em = app.orm.em.fork() as Em;
      const agent = await loadAgentPrincipal(em, socket.data.agentId);
      if (!agent) {
        socket.disconnect(true);
        throw new DomainError(ErrorCodes.authRequired, 'The session ended.');
      }
      const data = await handler(parsed as never, { app, em, agent }, socket);
      reply({ ok: true, data });
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      const log = { event, agentId: socket.data.agentId, code: body.error.code };
      if (status >= 500) app.logger.error({ ...log, err: error }, 'socket command failed');
      else app.logger.info(log, 'socket command refused');
      reply({ ok: false, error: body.error });
    }
  };
  if (!options.inOrder) {
    socket.on(event as never, handle as never);
    return;
  }
  // In order: each command of this event on this connection is handled (and its effects sent) only after the
  // one before it, counted from the moment it arrived; handling never throws, so one failure holds up nothing.
  let previous: Promise<void> = Promise.resolve();
  socket.on(event as never, ((payload: unknown, ack: unknown) => {
    previous = previous.then(() => handle(payload, ack));
  }) as never);
}
