import { type TriggerAction, truncateText } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import type { TicketWork } from '../tickets/ticket-transaction.js';

type NotifyAction = Extract<TriggerAction, { type: 'notify' }>;

/**
 * A rule's "notify": the agents it names (the assignee, the ticket's department, chosen agents and
 * departments), as they are now. Letters go into the outbox in the rule's own transaction; the console
 * notice is announced after commit, so a rolled-back rule tells nobody anything.
 */
export async function notifyAgents(app: AppContext, work: TicketWork, action: NotifyAction, ruleName: string, message: string): Promise<void> {
  const { em, ticket } = work;
  const ids = new Set<number>(action.agentIds);
  if (action.assignee && ticket.assignedAgentId) ids.add(ticket.assignedAgentId);
  const departments = [...action.departmentIds, ...(action.ticketDepartment && ticket.departmentId ? [ticket.departmentId] : [])];
  if (departments.length > 0) for (const member of await em.find(AgentDepartment, { department: { $in: departments } })) ids.add(member.agent);
  if (ids.size === 0) return;
  const agents = await em.find(Agent, { id: { $in: [...ids] }, active: true }, { fields: ['id', 'email'] });
  if (agents.length === 0) return;
  // Without a mail server the letters wait in the outbox like every other (the console tells administrators
  // that outgoing mail is not set up) rather than being dropped.
  if (action.email) {
    if (!app.mailer) app.logger.warn({ ticketId: ticket.id, rule: ruleName }, 'rule notice letters wait: no mail server is configured');
    const subject = truncateText(`[#${ticket.id}] ${ticket.subject}`, 500);
    for (const agent of agents) {
      app.outbox.queue(em, { recipient: agent.email, subject, text: `${message}\n\n— ${ruleName}`, purpose: 'rule_notice', ticketId: ticket.id });
    }
    work.afterCommit.push(() => app.outbox.kick());
  }
  const notice = { ticketId: ticket.id, agentIds: agents.map((agent) => agent.id), subject: ticket.subject, ruleName, message };
  work.afterCommit.push(() => void app.events.publish('automation.notice', notice));
}
