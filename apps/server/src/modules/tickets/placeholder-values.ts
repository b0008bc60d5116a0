import { firstName, type PlaceholderValues } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { Department } from '../organisation/department.entity.js';
import type { Ticket } from './ticket.entity.js';

/** What the placeholders of canned responses and reply templates stand for on one ticket, written by one agent. */
export async function placeholderValues(em: Em, agentId: number, ticket: Ticket): Promise<PlaceholderValues> {
  const [contact, agent, department] = await Promise.all([
    ticket.contactId ? em.findOne(Contact, { id: ticket.contactId }) : null,
    em.findOneOrFail(Agent, { id: agentId }),
    ticket.departmentId ? em.findOne(Department, { id: ticket.departmentId }) : null,
  ]);
  return {
    'contact.name': contact?.name ?? null,
    'contact.firstName': firstName(contact?.name),
    'contact.email': contact?.primaryEmail ?? null,
    'agent.name': agent.name,
    'agent.firstName': firstName(agent.name),
    'ticket.number': ticket.id,
    'ticket.subject': ticket.subject,
    'department.name': department?.name ?? null,
  };
}
