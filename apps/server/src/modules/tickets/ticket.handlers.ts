import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { AgentSocket } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';
import { findTicketForAgent, ticketNotFound } from './ticket.repository.js';
import * as tickets from './ticket.service.js';
import { SocketTyping, TicketViewers } from './ticket-viewers.js';

export function registerTicketHandlers(app: AppContext, socket: AgentSocket, viewers: TicketViewers): void {
  const typing = new SocketTyping(socket, app.config.realtime.typingLapseMs, (ticketId) => void viewers.announce(ticketId));

  // Watching a ticket makes the socket one of its viewers; the ack carries who else has it open.
  defineHandler(app, socket, 'ticket:watch', async ({ ticketId }, scope) => {
    await findTicketForAgent(scope.em, scope.agent, ticketId);
    await socket.join(rooms.ticket(ticketId));
    typing.set(ticketId, false);
    return { ticketId, viewers: await viewers.announce(ticketId) };
  });
  defineHandler(app, socket, 'ticket:unwatch', async ({ ticketId }) => {
    const watched = socket.rooms.has(rooms.ticket(ticketId));
    typing.set(ticketId, false);
    await socket.leave(rooms.ticket(ticketId));
    if (watched) await viewers.announce(ticketId);
    return { ticketId };
  });
  // Typing is only for a ticket the agent may see and has open; "not found" otherwise, as for any ticket out of reach.
  defineHandler(app, socket, 'ticket:typing', async ({ ticketId, typing: on }, scope) => {
    await findTicketForAgent(scope.em, scope.agent, ticketId);
    if (!socket.rooms.has(rooms.ticket(ticketId))) throw ticketNotFound(ticketId);
    if (typing.set(ticketId, on)) await viewers.announce(ticketId);
    return { ticketId };
  });
  defineHandler(app, socket, 'ticket:reply', async ({ ticketId, ...body }, scope) => (await tickets.reply(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:add_note', async ({ ticketId, ...body }, scope) => (await tickets.addInternalNote(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:claim_next', (_payload, scope) => tickets.claimToSolve(scope));

  // A closing connection stops viewing everything it had open.
  let watched: number[] = [];
  socket.on('disconnecting', () => {
    watched = TicketViewers.watchedBy(socket);
  });
  socket.on('disconnect', () => {
    typing.clear();
    for (const ticketId of watched) void viewers.announce(ticketId);
  });
}
