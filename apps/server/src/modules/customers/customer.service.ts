import { applyTriggers } from '../automation/apply-triggers.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { canSeeThreadItem, type CustomerPrincipal, DomainError, ErrorCodes, onCustomerMessage, openCustomerTicket, visibleThread } from '@parley/domain';
import type { CustomerTicketDto, PublicCreateTicketRequest, PublicMessageRequest, PublicTicketCreated } from '@parley/protocol';
import type { Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { newToken, sha256 } from '../agents/secrets.js';
import { customerContactFor } from '../contacts/customer-contact.js';
import { Department } from '../organisation/department.entity.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { presentAttachment, ticketNumber, toTicketState } from '../tickets/ticket.presenter.js';
import { attachmentsOf, ticketNotFound } from '../tickets/ticket.repository.js';
import { runTicketChange } from '../tickets/ticket.service.js';
import { TicketWork } from '../tickets/ticket-transaction.js';

/**
 * What customers reach directly: the web form and their own ticket through its access token. Everything a
 * customer reads passes through the domain's visibleThread, so internal notes, system events and internal
 * tickets can never appear here.
 */
export async function createTicketFromWebForm(scope: Scope, input: PublicCreateTicketRequest, ip: string): Promise<PublicTicketCreated> {
  await scope.app.rateLimits.consumePublicForm(ip);
  const at = scope.app.clock.now();
  const token = newToken('prc_');
  const work = await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    if (input.departmentId !== undefined && (await em.count(Department, { id: input.departmentId })) === 0) {
      throw new DomainError(ErrorCodes.notFound, `Department ${input.departmentId} not found.`);
    }
    // A form proves nothing about the address typed: the domain's rule decides whose contact this is.
    const contact = await customerContactFor(em, { verifiedContactId: null, senderContactId: null, email: input.email, name: input.name ?? null });
    const departmentId = input.departmentId ?? (await defaultDepartmentId(em));
    const opened = openCustomerTicket(
      { subject: input.subject, channel: 'web_form', contactId: contact.contactId, createdByAgentId: null, destination: { departmentId, agentId: null }, agent: null },
      at,
    );
    const ticket = em.create(Ticket, {
      ...opened.state,
      subject: opened.subject,
      tags: [],
      cc: [],
      clientId: null,
      customerTokenHash: sha256(token),
      updatedAt: at,
      statusChangedAt: at,
    });
    await em.flush();
    const work = new TicketWork(em, ticket, at, null, true);
    work.recordEvents([...opened.events, ...contact.events]);
    work.append({ kind: 'customer_message', body: input.message, authorContact: contact.contactId, clientId: input.clientId ?? null });
    await applyTriggers(scope.app, work);
    return work;
  });
  work.publish(scope.app);
  return { ticketId: work.ticket.id, number: ticketNumber(work.ticket.id), accessToken: token };
}

/** The ticket behind a customer's token; any mismatch, and any internal ticket, is simply not found. */
async function ticketForCustomer(em: Em, ticketId: number, token: string | null): Promise<{ ticket: Ticket; customer: CustomerPrincipal }> {
  if (!token) throw new DomainError(ErrorCodes.authRequired, 'Send the ticket\'s access token as a Bearer token.');
  const ticket = await em.findOne(Ticket, { id: ticketId, customerTokenHash: sha256(token), internal: false });
  if (!ticket || ticket.contactId === null || ticket.contactId === undefined) throw ticketNotFound(ticketId);
  return { ticket, customer: { kind: 'customer', contactId: ticket.contactId } };
}

export async function customerTicket(scope: Scope, ticketId: number, token: string | null): Promise<CustomerTicketDto> {
  const { ticket, customer } = await ticketForCustomer(scope.em, ticketId, token);
  return presentForCustomer(scope.em, ticket, customer);
}

export async function addMessageAsCustomer(scope: Scope, ticketId: number, token: string | null, input: PublicMessageRequest): Promise<CustomerTicketDto> {
  const { ticket } = await runTicketChange(
    scope,
    async (tx) => (await ticketForCustomer(tx, ticketId, token)).ticket,
    null,
    async (work) => {
      if (input.clientId && (await work.em.count(ThreadItem, { ticket: ticketId, clientId: input.clientId })) > 0) return;
      work.apply(onCustomerMessage(work.ticket, work.at));
      work.append({ kind: 'customer_message', body: input.body, authorContact: work.ticket.contactId ?? null, clientId: input.clientId ?? null });
    },
  );
  return presentForCustomer(scope.em, ticket, { kind: 'customer', contactId: ticket.contactId! });
}

/** A file of a message the customer may see on their own ticket; anything else is not found. */
export async function attachmentForCustomer(scope: Scope, ticketId: number, token: string | null, attachmentId: string): Promise<Attachment> {
  const { ticket, customer } = await ticketForCustomer(scope.em, ticketId, token);
  const attachment = await scope.em.findOne(Attachment, { id: attachmentId });
  const item = attachment?.threadItem ? await scope.em.findOne(ThreadItem, { id: attachment.threadItem, ticket: ticket.id }) : null;
  if (!attachment || !item || !canSeeThreadItem(customer, toTicketState(ticket), item)) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
  }
  return attachment;
}

async function presentForCustomer(em: Em, ticket: Ticket, customer: CustomerPrincipal): Promise<CustomerTicketDto> {
  const all = await em.find(ThreadItem, { ticket: ticket.id }, { orderBy: { id: 'asc' } });
  const visible = visibleThread(customer, toTicketState(ticket), all);
  const attachments = await attachmentsOf(em, visible.map((i) => i.id));
  const agentIds = [...new Set(visible.map((i) => i.authorAgent).filter((id): id is number => typeof id === 'number'))];
  const agents = agentIds.length > 0 ? await em.find(Agent, { id: { $in: agentIds } }, { fields: ['id', 'name'] }) : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return {
    id: ticket.id,
    number: ticketNumber(ticket.id),
    subject: ticket.subject,
    status: ticket.status === 'resolved' ? 'resolved' : ticket.status === 'answered' ? 'answered' : 'open',
    createdAt: ticket.createdAt.toISOString(),
    messages: visible.map((item) => ({
      id: item.id,
      from: item.kind === 'agent_reply' ? ('agent' as const) : ('customer' as const),
      // Customers see the agent's name, never agent ids or anything else about the team.
      authorName: item.authorAgent ? (names.get(item.authorAgent) ?? null) : null,
      body: item.body,
      attachments: (attachments.get(item.id) ?? []).map(presentAttachment).map((a) => ({ ...a, url: `/api/v1/public/tickets/${ticket.id}/attachments/${a.id}` })),
      createdAt: item.createdAt.toISOString(),
    })),
  };
}
