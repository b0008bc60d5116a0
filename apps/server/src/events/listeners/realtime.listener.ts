import { canAgentSeeTicket, type TicketAudienceSnapshot } from '@parley/domain';
import type { ThreadItemDto, TicketDto } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import { loadAgentPrincipal } from '../../modules/agents/principal.repository.js';
import type { Em } from '../../db/orm.js';
import { EditableNote } from '../../modules/notes/editable-note.entity.js';
import { presentNote } from '../../modules/notes/note.presenter.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { presentThreadItem, presentTicket, toTicketState } from '../../modules/tickets/ticket.presenter.js';
import { attachmentsOf, contactSummaries, emailsOf } from '../../modules/tickets/ticket.repository.js';
import { audienceSnapshot } from '../../modules/tickets/ticket-transaction.js';
import type { Realtime } from '../../realtime/io.js';
import type { AnnouncedItems } from '../announced-items.js';
import type { ProducedTicket, ServerEventMap } from '../server-events.js';
import { rooms, ticketRooms } from '../../realtime/rooms.js';

/**
 * Tickets as their facts' writes produced them (issue 10: announcing does not read back what was just
 * written); a fact published without it (a job, another module's write) is loaded by id.
 */
async function ticketsAsCommitted(app: AppContext, facts: readonly { readonly ticketId: number; readonly produced?: ProducedTicket | undefined }[]): Promise<{ ticket: Ticket; dto: TicketDto }[]> {
  const em = app.orm.em.fork() as Em;
  const missing = facts.filter((f) => !f.produced).map((f) => f.ticketId);
  const loaded = missing.length > 0 ? await em.find(Ticket, { id: { $in: missing } }) : [];
  const loadedById = new Map(loaded.map((t) => [t.id, t]));
  const found = facts.flatMap((f) => {
    const ticket = f.produced?.ticket ?? loadedById.get(f.ticketId);
    return ticket ? [{ ticket, contact: f.produced?.contact }] : [];
  });
  const contacts = await contactSummaries(em, found.filter((f) => f.contact === undefined).map((f) => f.ticket.contactId));
  return found.map(({ ticket, contact }) => ({
    ticket,
    dto: presentTicket(ticket, contact !== undefined ? contact : ticket.contactId ? (contacts.get(ticket.contactId) ?? null) : null),
  }));
}

/** Thread items as their writes produced them, or loaded by id for facts published without (replays, imports). */
async function itemsAsCommitted(
  app: AppContext,
  facts: readonly ServerEventMap['thread.item_created'][],
): Promise<{ item: ThreadItemDto; audience: TicketAudienceSnapshot }[]> {
  const missing = facts.filter((f) => !f.produced);
  const loaded = new Map<number, { item: ThreadItemDto; audience: TicketAudienceSnapshot }>();
  if (missing.length > 0) {
    const em = app.orm.em.fork() as Em;
    const itemIds = missing.map((c) => c.itemId);
    const [tickets, items, attachments, emails] = await Promise.all([
      em.find(Ticket, { id: { $in: [...new Set(missing.map((c) => c.ticketId))] } }),
      em.find(ThreadItem, { id: { $in: itemIds } }, { orderBy: { id: 'asc' } }),
      attachmentsOf(em, itemIds),
      emailsOf(em, itemIds),
    ]);
    const ticketById = new Map(tickets.map((t) => [t.id, t]));
    for (const item of items) {
      const ticket = ticketById.get(item.ticket);
      if (ticket) loaded.set(item.id, { item: presentThreadItem(item, attachments.get(item.id) ?? [], emails.get(item.id) ?? null), audience: audienceSnapshot(ticket) });
    }
  }
  return facts.flatMap((f) => {
    const found = f.produced ?? loaded.get(f.itemId);
    return found ? [{ item: found.item, audience: found.audience }] : [];
  });
}

/**
 * Pushes committed changes to the agents allowed to see them. Audiences come from the domain's visibility
 * rules (ticketRooms); thread items go to the ticket's room, which only agents who passed the visibility
 * check on `ticket:watch` are in, plus the ticket's audience so lists can update their previews.
 */
export function registerRealtimeListener(app: AppContext, realtime: Pick<Realtime, 'agents' | 'viewers'>, shared: boolean, announced: AnnouncedItems): void {
  const { agents, viewers } = realtime;
  // With one instance and nobody connected there is nobody to tell; with Redis, other instances may have agents.
  const nobodyListens = () => !shared && agents.sockets.size === 0;

  app.events.on('ticket.created', async ({ ticketId, produced }) => {
    if (nobodyListens()) return;
    const [found] = await ticketsAsCommitted(app, [{ ticketId, produced }]);
    if (!found) return;
    agents.to(ticketRooms(audienceSnapshot(found.ticket))).emit('ticket:created', found.dto);
  });

  app.events.onBatch('ticket.updated', async (changes) => {
    if (nobodyListens()) return;
    // A ticket changed twice in one batch is announced once, as it is now, to whoever could see it before the first change.
    const previousOf = new Map<number, TicketAudienceSnapshot>();
    for (const { ticketId, previous } of changes) if (!previousOf.has(ticketId)) previousOf.set(ticketId, previous);
    // The last change of each ticket in the batch is the state to announce.
    const latest = new Map(changes.map((change) => [change.ticketId, change]));
    for (const { ticket, dto } of await ticketsAsCommitted(app, [...latest.values()])) {
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
      agents.to([...current, rooms.ticket(ticketId)]).emit('ticket:updated', dto);
    }
  });

  app.events.onBatch('thread.item_created', async (facts) => {
    const replayed = facts.filter((c) => c.replayed).map((c) => c.itemId);
    const unannounced = new Set(replayed.length > 0 ? await announced.claimUnannounced(replayed) : []);
    const created = facts.filter((c) => !c.replayed || unannounced.has(c.itemId));
    if (created.length === 0 || nobodyListens()) return;
    const found = await itemsAsCommitted(app, created);
    announced.announce(
      created.filter((c) => !c.replayed).map((c) => c.itemId),
      () => {
        for (const { item, audience } of found) agents.to([...ticketRooms(audience), rooms.ticket(item.ticketId)]).emit('thread:item_created', item);
      },
    );
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
  app.events.on('email.delivery_changed', async ({ ticketId, itemId, state, audience }) => {
    if (nobodyListens()) return;
    const ticket = audience ? null : await (app.orm.em.fork() as Em).findOne(Ticket, { id: ticketId });
    const known = audience ?? (ticket ? audienceSnapshot(ticket) : null);
    if (!known) return;
    agents.to([...ticketRooms(known), rooms.ticket(ticketId)]).emit('email:delivery', { ticketId, itemId, state });
  });

  app.events.on('ticket.note_changed', async ({ ticketId }) => {
    if (nobodyListens()) return;
    const em = app.orm.em.fork() as Em;
    const [ticket, note] = await Promise.all([em.findOne(Ticket, { id: ticketId }), em.findOne(EditableNote, { ticket: ticketId })]);
    if (!ticket) return;
    agents.to([...ticketRooms(audienceSnapshot(ticket)), rooms.ticket(ticketId)]).emit('ticket:note_changed', { ticketId, note: note ? presentNote(note) : null });
  });
}
