import { canAgentSeeTicket, type TicketAudienceSnapshot } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { loadAgentPrincipal } from '../../modules/agents/principal.repository.js';
import type { Em } from '../../db/orm.js';
import { EditableNote } from '../../modules/notes/editable-note.entity.js';
import { presentNote } from '../../modules/notes/note.presenter.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { presentThreadItem, toTicketState } from '../../modules/tickets/ticket.presenter.js';
import { attachmentsOf, emailsOf } from '../../modules/tickets/ticket.repository.js';
import { presentTickets } from '../../modules/tickets/ticket.service.js';
import { audienceSnapshot } from '../../modules/tickets/ticket-transaction.js';
import type { Realtime } from '../../realtime/io.js';
import type { AnnouncedItems } from '../announced-items.js';
import { rooms, ticketRooms } from '../../realtime/rooms.js';

/**
 * Pushes committed changes to the agents allowed to see them. Audiences come from the domain's visibility
 * rules (ticketRooms); thread items go to the ticket's room, which only agents who passed the visibility
 * check on `ticket:watch` are in, plus the ticket's audience so lists can update their previews.
 */
export function registerRealtimeListener(app: AppContext, realtime: Pick<Realtime, 'agents' | 'viewers'>, shared: boolean, announced: AnnouncedItems): void {
  const { agents, viewers } = realtime;
  // With one instance and nobody connected there is nobody to tell; with Redis, other instances may have agents.
  const nobodyListens = () => !shared && agents.sockets.size === 0;

  app.events.on('ticket.created', async ({ ticketId }) => {
    if (nobodyListens()) return;
    const em = app.orm.em.fork() as Em;
    const ticket = await em.findOne(Ticket, { id: ticketId });
    if (!ticket) return;
    const [dto] = await presentTickets(em, [ticket]);
    agents.to(ticketRooms(audienceSnapshot(ticket))).emit('ticket:created', dto!);
  });

  app.events.onBatch('ticket.updated', async (changes) => {
    if (nobodyListens()) return;
    // A ticket changed twice in one batch is announced once, as it is now, to whoever could see it before the first change.
    const previousOf = new Map<number, TicketAudienceSnapshot>();
    for (const { ticketId, previous } of changes) if (!previousOf.has(ticketId)) previousOf.set(ticketId, previous);
    const em = app.orm.em.fork() as Em;
    const tickets = await em.find(Ticket, { id: { $in: [...previousOf.keys()] } });
    const dtos = await presentTickets(em, tickets);
    tickets.forEach((ticket, i) => {
      const ticketId = ticket.id;
      const current = ticketRooms(audienceSnapshot(ticket));
      const lost = ticketRooms(previousOf.get(ticketId)!).filter((room) => !current.includes(room));
      // Agents who just lost sight of the ticket hear that it left, and nothing more about it.
      if (lost.length > 0) {
        agents.to(lost).except(current).emit('ticket:hidden', { ticketId });
        agents.in(lost).except(current).socketsLeave(rooms.ticket(ticketId));
        // Those who had it open are no longer among its viewers.
        void viewers.announce(ticketId);
      }
      agents.to([...current, rooms.ticket(ticketId)]).emit('ticket:updated', dtos[i]!);
    });
  });

  app.events.onBatch('thread.item_created', async (facts) => {
    const replayed = facts.filter((c) => c.replayed).map((c) => c.itemId);
    const unannounced = new Set(replayed.length > 0 ? await announced.claimUnannounced(replayed) : []);
    const created = facts.filter((c) => !c.replayed || unannounced.has(c.itemId));
    if (created.length === 0 || nobodyListens()) return;
    const em = app.orm.em.fork() as Em;
    const ticketIds = [...new Set(created.map((c) => c.ticketId))];
    const itemIds = created.map((c) => c.itemId);
    const [tickets, items, attachments, emails] = await Promise.all([
      em.find(Ticket, { id: { $in: ticketIds } }),
      em.find(ThreadItem, { id: { $in: itemIds } }, { orderBy: { id: 'asc' } }),
      attachmentsOf(em, itemIds),
      emailsOf(em, itemIds),
    ]);
    const ticketById = new Map(tickets.map((t) => [t.id, t]));
    for (const item of items) {
      const ticket = ticketById.get(item.ticket);
      if (!ticket) continue;
      agents.to([...ticketRooms(audienceSnapshot(ticket)), rooms.ticket(ticket.id)]).emit('thread:item_created', presentThreadItem(item, attachments.get(item.id) ?? [], emails.get(item.id) ?? null));
    }
    // Noted after the emits, on the same Redis connection: a crash in between costs a repeat, never a loss.
    announced.record(created.filter((c) => !c.replayed).map((c) => c.itemId));
  });

  // Rooms follow access: an agent moved out of a department stops hearing it at once, a deactivated one is cut off.
  app.events.on('agent.access_changed', async ({ agentId }) => {
    const em = app.orm.em.fork() as Em;
    const principal = await loadAgentPrincipal(em, agentId);
    const own = rooms.agent(agentId);
    if (!principal) {
      agents.in(own).disconnectSockets(true);
      return;
    }
    const allowed = new Set([own, ...principal.departmentIds.map(rooms.department), ...(principal.role === 'administrator' ? [rooms.administrators] : [])]);
    const unwatched = new Set<number>();
    for (const socket of await agents.in(own).fetchSockets()) {
      for (const room of socket.rooms) {
        if (room === socket.id || allowed.has(room)) continue;
        // Watched tickets stay only while the agent may still see them.
        const ticketId = room.startsWith('ticket:') ? Number(room.slice('ticket:'.length)) : null;
        const ticket = ticketId !== null ? await em.findOne(Ticket, { id: ticketId }) : null;
        if (!ticket || !canAgentSeeTicket(principal, toTicketState(ticket))) {
          socket.leave(room);
          if (ticketId !== null) unwatched.add(ticketId);
        }
      }
      socket.join([...allowed]);
    }
    for (const ticketId of unwatched) void viewers.announce(ticketId);
  });

  // A reply's letter moved on (queued again, sent, failed, bounced): its ticket's agents see it at once.
  app.events.on('email.delivery_changed', async ({ ticketId, itemId, state }) => {
    if (nobodyListens()) return;
    const ticket = await (app.orm.em.fork() as Em).findOne(Ticket, { id: ticketId });
    if (!ticket) return;
    agents.to([...ticketRooms(audienceSnapshot(ticket)), rooms.ticket(ticketId)]).emit('email:delivery', { ticketId, itemId, state });
  });

  app.events.on('ticket.note_changed', async ({ ticketId }) => {
    if (nobodyListens()) return;
    const em = app.orm.em.fork() as Em;
    const [ticket, note] = await Promise.all([em.findOne(Ticket, { id: ticketId }), em.findOne(EditableNote, { ticket: ticketId })]);
    if (!ticket) return;
    agents.to([...ticketRooms(audienceSnapshot(ticket)), rooms.ticket(ticketId)]).emit('ticket:note_changed', { ticketId, note: note ? presentNote(note) : null });
  });
}
