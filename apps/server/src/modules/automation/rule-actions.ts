import {
  type AgentMembership,
  assign,
  changePriority,
  DomainError,
  diffTags,
  firstName,
  normalizeTags,
  type PlaceholderValues,
  renderCannedResponse,
  type SystemEvent,
  setStatusByRule,
  type TicketChange,
  type TriggerAction,
} from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { queueReplyEmail } from '../email/reply-email.service.js';
import { Department } from '../organisation/department.entity.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import type { TicketWork } from '../tickets/ticket-transaction.js';
import { notifyAgents } from './rule-notice.js';

export interface ActingRule {
  readonly kind: 'trigger' | 'time_rule';
  readonly id: number;
  readonly name: string;
}

/**
 * Applies one rule's actions to the ticket in the work's transaction. The thread first says which rule acted,
 * then records each change as its own system event with no agent as author. An action that cannot apply (an
 * agent who left the department, a department deleted since) is skipped and logged; the others still apply.
 */
export async function applyRuleActions(app: AppContext, work: TicketWork, rule: ActingRule, actions: readonly TriggerAction[]): Promise<void> {
  work.append({ kind: 'system_event', body: '', systemEvent: { type: 'rule_applied', rule: rule.kind, ruleId: rule.id, name: rule.name }, authorAgent: null });
  for (const action of actions) {
    try {
      await applyAction(app, work, rule, action);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      app.logger.warn({ rule, action: action.type, code: error.code, ticketId: work.ticket.id }, 'automation action skipped');
    }
  }
}

async function applyAction(app: AppContext, work: TicketWork, rule: ActingRule, action: TriggerAction): Promise<void> {
  const { ticket, em } = work;
  switch (action.type) {
    case 'set_status':
      return byRule(work, setStatusByRule(toTicketState(ticket), action.status, action.customStatusId ?? null, work.at));
    case 'set_priority':
      return byRule(work, changePriority(toTicketState(ticket), action.priority));
    case 'set_department': {
      if ((await em.count(Department, { id: action.departmentId })) === 0) throw new DomainError('resource/not_found', 'The department is gone.');
      const agent = await membershipOf(em, ticket.assignedAgentId ?? null);
      // The agent stays when they belong to the new department; otherwise the ticket waits there for anyone.
      const keepsAgent = agent !== null && agent.departmentIds.includes(action.departmentId);
      return byRule(work, assign(toTicketState(ticket), { departmentId: action.departmentId, agentId: keepsAgent ? agent.agentId : null }, keepsAgent ? agent : null));
    }
    case 'set_agent':
      return byRule(work, assign(toTicketState(ticket), { departmentId: ticket.departmentId ?? null, agentId: action.agentId }, await membershipOf(em, action.agentId)));
    case 'add_tags':
    case 'remove_tags': {
      const before = ticket.tags;
      const wanted = normalizeTags(action.tags);
      const after = action.type === 'add_tags' ? normalizeTags([...before, ...wanted]) : before.filter((tag) => !wanted.includes(tag));
      const diff = diffTags(before, after);
      if (diff.added.length === 0 && diff.removed.length === 0) return;
      ticket.tags = after;
      work.replaceTags(before, after);
      return recordByRule(work, [{ type: 'tags_changed', ...diff }]);
    }
    case 'add_note':
      work.append({ kind: 'internal_note', body: renderCannedResponse(action.body, await placeholders(em, work)), authorAgent: null });
      return;
    case 'email_customer': {
      if (ticket.internal) return;
      const values = await placeholders(em, work);
      // A public reply written by no agent: the domain's letter rules treat it as automatic (never answering automated mail).
      const item = work.append({ kind: 'agent_reply', body: renderCannedResponse(action.body, values), authorAgent: null });
      await em.flush();
      if (await queueReplyEmail(app, em, ticket, item, { subject: renderCannedResponse(action.subject, values) })) work.afterCommit.push(() => app.outbox.kick());
      return;
    }
    case 'notify':
      return notifyAgents(app, work, action, rule.name, renderCannedResponse(action.message, await placeholders(em, work)));
    case 'stop':
      return;
  }
}

function byRule(work: TicketWork, change: TicketChange): void {
  work.apply({ patch: change.patch, events: [] });
  recordByRule(work, change.events);
}

function recordByRule(work: TicketWork, events: readonly SystemEvent[]): void {
  for (const event of events) work.append({ kind: 'system_event', body: '', systemEvent: event, authorAgent: null });
}

async function membershipOf(em: Em, agentId: number | null): Promise<AgentMembership | null> {
  if (agentId === null) return null;
  const agent = await em.findOne(Agent, { id: agentId }, { fields: ['id', 'active'] });
  if (!agent) return null;
  const rows = await em.find(AgentDepartment, { agent: agentId });
  return { agentId, active: agent.active, departmentIds: rows.map((row) => row.department) };
}

/** The placeholders of a rule's texts: as in canned responses, the agent being the ticket's assignee (if any). */
async function placeholders(em: Em, work: TicketWork): Promise<PlaceholderValues> {
  const { ticket } = work;
  const [contact, agent, department] = await Promise.all([
    ticket.contactId ? em.findOne(Contact, { id: ticket.contactId }, { fields: ['id', 'name', 'primaryEmail'] }) : null,
    ticket.assignedAgentId ? em.findOne(Agent, { id: ticket.assignedAgentId }, { fields: ['id', 'name'] }) : null,
    ticket.departmentId ? em.findOne(Department, { id: ticket.departmentId }, { fields: ['id', 'name'] }) : null,
  ]);
  return {
    'contact.name': contact?.name ?? null,
    'contact.firstName': firstName(contact?.name),
    'contact.email': contact?.primaryEmail ?? null,
    'agent.name': agent?.name ?? null,
    'agent.firstName': firstName(agent?.name),
    'ticket.number': ticket.id,
    'ticket.subject': ticket.subject,
    'department.name': department?.name ?? null,
  };
}
