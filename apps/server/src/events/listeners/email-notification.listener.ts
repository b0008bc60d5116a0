import {
  type NotifiableAgent,
  type NotificationEvent,
  type NotificationKind,
  notificationMail,
  notificationRecipients,
  readNotificationSettings,
} from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from '../../modules/agents/agent.entity.js';
import { Contact } from '../../modules/contacts/contact.entity.js';
import { Department } from '../../modules/organisation/department.entity.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { ticketNumber, toTicketState } from '../../modules/tickets/ticket.presenter.js';
import { canSendMail, internalSenderFor } from '../../modules/mail/sender.js';

/**
 * Notification emails to agents (each switches them in their account): a new ticket in their department,
 * a ticket someone else assigned to them, a customer's reply on their ticket. The mails go through the
 * outbox (written in one transaction, retried), in each agent's own language; without outgoing mail
 * configured nothing is queued.
 */
/** How long "can any letter go out at all" is trusted before it is asked again (a mailbox saved meanwhile). */
const MAIL_POSSIBLE_TTL_MS = 30_000;

export function registerEmailNotificationListener(app: AppContext): void {
  // Without any way to send, a notification is never composed: the listeners cost no query at all then.
  let possible: { value: boolean; at: number } | null = null;
  const mailPossible = async (): Promise<boolean> => {
    if (app.config.mail?.from) return true;
    const now = Date.now();
    if (!possible || now - possible.at > MAIL_POSSIBLE_TTL_MS) possible = { value: await canSendMail(app.orm.em.fork() as Em, null), at: now };
    return possible.value;
  };

  app.events.on('ticket.created', async ({ ticketId }) => {
    if (!(await mailPossible())) return;
    const em = app.orm.em.fork() as Em;
    const ticket = await em.findOne(Ticket, { id: ticketId });
    // Spam (a blocked sender's letter) is nobody's news.
    if (!ticket?.departmentId || ticket.folder !== 'inbox') return;
    const members = await em.find(AgentDepartment, { department: ticket.departmentId }, { fields: ['agent'] });
    const first = await em.findOne(ThreadItem, { ticket: ticketId, kind: { $in: ['customer_message', 'internal_note', 'agent_reply'] } }, { orderBy: { id: 'asc' } });
    await notify(app, em, { kind: 'new_ticket', ticket: toTicketState(ticket), byAgentId: ticket.createdByAgentId ?? null }, ticket, members.map((m) => m.agent), {
      excerpt: first?.body ?? '',
      by: null,
    });
  });

  app.events.on('ticket.assigned', async ({ ticketId, agentId, byAgentId }) => {
    if (!(await mailPossible())) return;
    const em = app.orm.em.fork() as Em;
    const ticket = await em.findOne(Ticket, { id: ticketId });
    // Handed on again before this ran: the mail would be stale.
    if (!ticket || ticket.assignedAgentId !== agentId) return;
    const by = byAgentId === null ? null : ((await em.findOne(Agent, { id: byAgentId }, { fields: ['name'] }))?.name ?? null);
    const last = await em.findOne(ThreadItem, { ticket: ticketId, kind: 'customer_message' }, { orderBy: { id: 'desc' } });
    await notify(app, em, { kind: 'assigned', ticket: toTicketState(ticket), agentId, byAgentId }, ticket, [agentId], { excerpt: last?.body ?? '', by });
  });

  // Every thread item passes here (live chat lines included), so a turn's items are read together and
  // only customers' letters on assigned, non-chat tickets go further.
  app.events.onBatch('thread.item_created', async (created) => {
    // What the write produced already says which items are customers' letters outside chats: the rest cost nothing.
    const candidates = created.filter((c) => !c.produced || (c.produced.item.kind === 'customer_message' && c.produced.channel !== 'chat'));
    if (candidates.length === 0 || !(await mailPossible())) return;
    const em = app.orm.em.fork() as Em;
    const items = await em.find(ThreadItem, { id: { $in: candidates.map((c) => c.itemId) }, kind: 'customer_message' }, { fields: ['id', 'body', 'ticket'] });
    if (items.length === 0) return;
    const tickets = await em.find(Ticket, { id: { $in: [...new Set(items.map((i) => i.ticket))] }, channel: { $ne: 'chat' }, assignedAgentId: { $ne: null } });
    for (const ticket of tickets) {
      for (const item of items.filter((i) => i.ticket === ticket.id)) {
        // The letter that opened the ticket is announced as a new ticket, not as a reply.
        const earlier = await em.count(ThreadItem, { ticket: ticket.id, id: { $lt: item.id }, kind: { $in: ['customer_message', 'agent_reply'] } });
        if (earlier === 0) continue;
        await notify(app, em, { kind: 'customer_reply', ticket: toTicketState(ticket) }, ticket, [ticket.assignedAgentId!], { excerpt: item.body, by: null });
      }
    }
  });
}

async function notify(
  app: AppContext,
  em: Em,
  event: NotificationEvent,
  ticket: Ticket,
  candidateIds: readonly number[],
  facts: { excerpt: string; by: string | null },
): Promise<void> {
  if (candidateIds.length === 0) return;
  const agents = await em.find(Agent, { id: { $in: [...candidateIds] } });
  const memberships = await em.find(AgentDepartment, { agent: { $in: agents.map((a) => a.id) } });
  const notifiable: NotifiableAgent[] = agents.map((agent) => ({
    principal: { kind: 'agent', agentId: agent.id, role: agent.role, departmentIds: memberships.filter((m) => m.agent === agent.id).map((m) => m.department) },
    active: agent.active && !agent.invitationExpiresAt,
    settings: readNotificationSettings(agent.emailNotifications),
  }));
  const recipients = new Set(notificationRecipients(event, notifiable));
  if (recipients.size === 0) return;
  const [department, contact] = await Promise.all([
    ticket.departmentId ? em.findOne(Department, { id: ticket.departmentId }, { fields: ['name'] }) : null,
    ticket.contactId ? em.findOne(Contact, { id: ticket.contactId }, { fields: ['name', 'primaryEmail'] }) : null,
  ]);
  // Through the department's mailbox, SMTP_URL or any mailbox that sends; with none, nothing can go out.
  const sender = await internalSenderFor(em, ticket.departmentId ?? null, app.config.mail?.from ?? null);
  if (!sender) return;
  const number = ticketNumber(ticket.id);
  const kind: NotificationKind = event.kind;
  await em.fork().transactional(async (tx) => {
    for (const agent of agents.filter((a) => recipients.has(a.id))) {
      const mail = notificationMail(kind, agent.locale, {
        number,
        subject: ticket.subject,
        department: department?.name ?? '',
        customer: contact?.name ?? contact?.primaryEmail ?? '—',
        by: facts.by,
        excerpt: facts.excerpt,
        url: `${app.config.publicUrl}/tickets/${ticket.id}`,
      });
      app.outbox.queue(tx as Em, { recipient: agent.email, subject: mail.subject, text: mail.text, purpose: `notify_${kind}`, ticketId: ticket.id, mailboxId: sender.mailboxId });
    }
  });
  app.outbox.kick();
}
