import { ticketViewers } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { AgentSocket } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';
import { findTicketForAgent } from './ticket.repository.js';
import * as tickets from './ticket.service.js';

export function registerTicketHandlers(app: AppContext, socket: AgentSocket): void {
  defineHandler(app, socket, 'ticket:watch', async ({ ticketId }, scope) => {
    await findTicketForAgent(scope.em, scope.agent, ticketId);
    await socket.join(rooms.ticket(ticketId));
    const watchers = await socket.nsp.in(rooms.ticket(ticketId)).fetchSockets();
    return { ticketId, viewers: ticketViewers(watchers.map((w) => ({ agentId: w.data.agentId, typing: w.data.typingTicketIds.includes(ticketId) }))) };
  });
  defineHandler(app, socket, 'ticket:unwatch', async ({ ticketId }) => {
    await socket.leave(rooms.ticket(ticketId));
    return { ticketId };
  });
  defineHandler(app, socket, 'ticket:reply', async ({ ticketId, ...body }, scope) => (await tickets.reply(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:add_note', async ({ ticketId, ...body }, scope) => (await tickets.addInternalNote(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:claim_next', (_payload, scope) => tickets.claimToSolve(scope));
}
