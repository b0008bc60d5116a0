import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Ticket } from '../../modules/tickets/ticket.entity.js';
import { rooms } from '../../realtime/rooms.js';
import type { AgentNamespace } from '../../realtime/socket-types.js';

/** Tells the ticket's agent of a bad rating (when the desk asks for it), on every instance. */
export function registerBadRatingNotices(app: AppContext, agents: AgentNamespace): void {
  app.events.on('satisfaction.rated', async ({ ticketId, rating, comment, notifyAgentId }) => {
    if (rating !== 'bad' || notifyAgentId === null) return;
    const ticket = await (app.orm.em.fork() as Em).findOne(Ticket, { id: ticketId }, { fields: ['id', 'subject'] });
    if (!ticket) return;
    agents.to(rooms.agent(notifyAgentId)).emit('ticket:bad_rating', { ticketId, subject: ticket.subject, comment });
  });
}
