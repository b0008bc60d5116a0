import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { AgentSocket } from '../../realtime/socket-types.js';
import { rooms, visitorRooms } from '../../realtime/rooms.js';
import { markSeenByAgent } from '../chats/chat-receipts.service.js';
import { tellVisitorAgentTyping, visitorNamespaceOf } from '../chats/chat-typing.js';
import { findTicketForAgent, ticketNotFound } from './ticket.repository.js';
import * as tickets from './ticket.service.js';
import { claimToSolve } from './to-solve.service.js';
import { SocketTyping, TicketViewers } from './ticket-viewers.js';

export function registerTicketHandlers(app: AppContext, socket: AgentSocket, viewers: TicketViewers): void {
  const visitors = visitorNamespaceOf(socket.nsp);
  // A chat's visitor hears the agent type too (by name only); a failure there never fails the agent's command.
  const tellVisitor = (ticketId: number, on: boolean) =>
    void tellVisitorAgentTyping(app, visitors, ticketId, socket.data.agentId, on).catch((error: unknown) => app.logger.error({ err: error }, 'agent typing to visitor failed'));
  const typing = new SocketTyping(socket, app.config.realtime.typingLapseMs, (ticketId) => {
    void viewers.announce(ticketId);
    tellVisitor(ticketId, false);
  });

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
  defineHandler(app, socket, 'ticket:typing', async ({ ticketId, typing: on, reply }, scope) => {
    await findTicketForAgent(scope.em, scope.agent, ticketId);
    if (!socket.rooms.has(rooms.ticket(ticketId))) throw ticketNotFound(ticketId);
    const changed = typing.set(ticketId, on);
    // The visitor hears a public reply being written (renewals too: the widget lets typing lapse by itself),
    // never a note; stopping is always passed on, so a switch from reply to note ends what the visitor saw.
    if (reply === true || !on) tellVisitor(ticketId, on);
    if (changed) await viewers.announce(ticketId);
    return { ticketId };
  });
  // The agent has the chat open and has seen the visitor's messages: the visitor's widget shows "Seen".
  defineHandler(app, socket, 'chat:mark_seen', async ({ ticketId, upToItemId }, scope) => {
    const { receipts, visitorIds, moved } = await markSeenByAgent(scope, ticketId, upToItemId);
    // Only an id the visitor can see reaches them (markSeenByAgent moves the marker to such an item).
    const seen = receipts.agentSeenUpToItemId;
    if (moved && seen !== null && visitorIds.length > 0) visitors.to(visitorIds.map(visitorRooms.visitor)).emit('chat:agent_seen', { upToItemId: seen });
    return receipts;
  });
  defineHandler(app, socket, 'ticket:reply', async ({ ticketId, ...body }, scope) => (await tickets.reply(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:add_note', async ({ ticketId, ...body }, scope) => (await tickets.addInternalNote(scope, ticketId, body)).item);
  defineHandler(app, socket, 'ticket:claim_next', (_payload, scope) => claimToSolve(scope));

  // A closing connection stops viewing everything it had open.
  let watched: number[] = [];
  socket.on('disconnecting', () => {
    watched = TicketViewers.watchedBy(socket);
  });
  socket.on('disconnect', () => {
    for (const ticketId of socket.data.typingTicketIds) tellVisitor(ticketId, false);
    typing.clear();
    for (const ticketId of watched) void viewers.announce(ticketId);
  });
}
