import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Ticket } from '../../modules/tickets/ticket.entity.js';
import { presentTickets } from '../../modules/tickets/ticket.service.js';
import type { AgentNamespace } from '../../realtime/socket-types.js';
import { rooms } from '../../realtime/rooms.js';

/** Tells an agent, and only them, that someone else made a ticket theirs. */
export function registerNotificationListener(app: AppContext, agents: AgentNamespace, shared: boolean): void {
  app.events.on('ticket.assigned', async ({ ticketId, agentId, byAgentId }) => {
    if (!shared && agents.sockets.size === 0) return;
    const em = app.orm.em.fork() as Em;
    const ticket = await em.findOne(Ticket, { id: ticketId });
    // Handed on again before this ran: the notice would be stale, and the ticket may no longer be theirs to see.
    if (!ticket || ticket.assignedAgentId !== agentId) return;
    const [dto] = await presentTickets(em, [ticket]);
    agents.to(rooms.agent(agentId)).emit('ticket:assigned_to_you', { ticket: dto!, byAgentId });
  });
}
