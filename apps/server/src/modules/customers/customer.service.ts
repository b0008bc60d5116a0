import { autoAssignOpened, planAutoAssignment } from '../automation/auto-assign.js';
import { recordOfflineForm } from '../statistics/statistics-recording.js';
import { applyTriggers } from '../automation/apply-triggers.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { canSeeThreadItem, type CustomerPrincipal, DomainError, ErrorCodes, onCustomerMessage, openCustomerTicket, portalTicketScope, visibleThread, withoutMergedStrangers } from '@parley/domain';
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
import { TicketMerge } from '../ticket-relations/ticket-relation.entity.js';
import { senderIsBlocked } from '../spam/sender-blocks.js';
import type { StoredUpload } from '../attachments/attachment.service.js';
import { bindCustomerFiles } from './customer-files.js';

/**
 * How a customer reaches a ticket: its own access token (the web form's), or the contact a portal session
 * signed in (then every ticket the domain's portal scope gives that contact).
 */
export type CustomerAccess = { readonly token: string | null } | { readonly contactId: number };

/**
 * What customers reach directly: the web form, the portal, and their own ticket through its access token.
 * Everything a customer reads passes through the domain's visibleThread, so internal notes, system events
 * and internal tickets can never appear here.
 */
export async function createTicketFromWebForm(
  scope: Scope,
  input: PublicCreateTicketRequest,
  ip: string,
  form: 'web_form' | 'offline_form' = 'web_form',
  /** A portal's request: the signed-in contact (vouched for by their sign-in letter) and the files sent with it. */
  portal: { readonly contactId: number; readonly files: readonly StoredUpload[] } | null = null,
): Promise<PublicTicketCreated> {
  await scope.app.rateLimits.consumePublicForm(ip);
  const at = scope.app.clock.now();
  const token = newToken('prc_');
  const assignment = await planAutoAssignment(scope.app, input.departmentId ?? (await defaultDepartmentId(scope.em)), 'web_form');
  const work = await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    if (input.departmentId !== undefined && (await em.count(Department, { id: input.departmentId })) === 0) {
      throw new DomainError(ErrorCodes.notFound, `Department ${input.departmentId} not found.`);
    }
    // A form proves nothing about the address typed: the domain's rule decides whose contact this is.
    const contact = await customerContactFor(em, { verifiedContactId: portal?.contactId ?? null, senderContactId: null, email: input.email, name: input.name ?? null });
    const departmentId = input.departmentId ?? (await defaultDepartmentId(em));
    const opened = await autoAssignOpened(
      em,
      assignment?.departmentId === departmentId ? assignment : null,
      openCustomerTicket({ subject: input.subject, channel: 'web_form', contactId: contact.contactId, createdByAgentId: null, destination: { departmentId, agentId: null }, agent: null }, at),
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
      // A blocked sender's form lands in spam, and the form answers as usual: nothing tells them.
      ...((await senderIsBlocked(em, input.email)) ? { folder: 'spam' as const, folderChangedAt: at } : {}),
      statusChangedAt: at,
    });
    await em.flush();
    // The widget's offline form is counted as such (the ticket itself is a web form's).
    if (form === 'offline_form') await recordOfflineForm(em, ticket as unknown as Record<string, unknown>);
    const work = new TicketWork(em, ticket, at, null, true);
    if (contact.created) work.afterCommit.push(() => scope.app.events.publish('contact.created', { contactId: contact.contactId }));
    work.recordEvents([...opened.events, ...contact.events]);
    const message = work.append({ kind: 'customer_message', body: input.message, authorContact: contact.contactId, clientId: input.clientId ?? null });
    if (portal && portal.files.length > 0) {
      await em.flush();
      await bindCustomerFiles(em, message.id, portal.files);
    }
    await applyTriggers(scope.app, work);
    return work;
  });
  work.publish(scope.app);
  return { ticketId: work.ticket.id, number: ticketNumber(work.ticket.id), accessToken: token };
}

/**
 * The ticket behind a customer's token; any mismatch, and any internal ticket, is simply not found. A token
 * of a ticket merged into another of the same customer's opens that one; when the survivor is someone
 * else's, the customer keeps reading their own conversation (`ownItemIds`), and what they write goes on to
 * the survivor, where their address is in CC.
 */
async function ticketForCustomer(
  em: Em,
  ticketId: number,
  access: CustomerAccess,
): Promise<{ ticket: Ticket; customer: CustomerPrincipal; writeTo: Ticket; ownItemIds: readonly number[] | null }> {
  let ticket: Ticket | null;
  if ('contactId' in access) {
    ticket = await em.findOne(Ticket, { id: ticketId, ...portalTicketScope(access.contactId) });
  } else {
    if (!access.token) throw new DomainError(ErrorCodes.authRequired, 'Send the ticket\'s access token as a Bearer token.');
    ticket = await em.findOne(Ticket, { id: ticketId, customerTokenHash: sha256(access.token), internal: false });
  }
  if (!ticket || ticket.contactId === null || ticket.contactId === undefined) throw ticketNotFound(ticketId);
  const customer: CustomerPrincipal = { kind: 'customer', contactId: ticket.contactId };
  const survivor = ticket.mergedIntoId ? await survivingTicket(em, ticket) : ticket;
  if (survivor.id === ticket.id) return { ticket, customer, writeTo: ticket, ownItemIds: null };
  if (survivor.contactId === ticket.contactId) return { ticket: survivor, customer, writeTo: survivor, ownItemIds: null };
  const merges = await em.find(TicketMerge, { sourceTicket: ticket.id, undoneAt: null });
  return { ticket, customer, writeTo: survivor, ownItemIds: merges.flatMap((merge) => merge.movedItemIds) };
}

/** Other customers whose tickets were merged into this one, and the items those tickets brought. */
async function mergedStrangers(em: Em, ticket: Ticket): Promise<{ itemIds: Set<number>; contactIds: Set<number> }> {
  const merges = await em.find(TicketMerge, { targetTicket: ticket.id, undoneAt: null });
  if (merges.length === 0) return { itemIds: new Set(), contactIds: new Set() };
  const sources = await em.find(Ticket, { id: { $in: merges.map((merge) => merge.sourceTicket) } }, { fields: ['id', 'contactId'] });
  const foreign = new Set(sources.filter((source) => source.contactId !== ticket.contactId).map((source) => source.id));
  return {
    itemIds: new Set(merges.filter((merge) => foreign.has(merge.sourceTicket)).flatMap((merge) => merge.movedItemIds)),
    contactIds: new Set(sources.filter((source) => foreign.has(source.id) && source.contactId != null).map((source) => source.contactId!)),
  };
}

async function survivingTicket(em: Em, ticket: Ticket): Promise<Ticket> {
  let current = ticket;
  for (let hops = 0; current.mergedIntoId && hops < 10; hops++) {
    const next = await em.findOne(Ticket, { id: current.mergedIntoId, internal: false });
    if (!next) break;
    current = next;
  }
  return current;
}

export async function customerTicket(scope: Scope, ticketId: number, access: CustomerAccess): Promise<CustomerTicketDto> {
  const { ticket, customer, ownItemIds } = await ticketForCustomer(scope.em, ticketId, access);
  return presentForCustomer(scope.em, ticketId, ticket, customer, ownItemIds);
}

/**
 * The customer's message on their ticket (the web form's token or the portal), by the same rule as a
 * letter of theirs: a resolved ticket opens again. `files` are already stored; they are bound to the message.
 */
export async function addMessageAsCustomer(scope: Scope, ticketId: number, access: CustomerAccess, input: PublicMessageRequest, files: readonly StoredUpload[] = []): Promise<CustomerTicketDto> {
  let reading: Awaited<ReturnType<typeof ticketForCustomer>> | null = null;
  await runTicketChange(
    scope,
    async (tx) => {
      reading = await ticketForCustomer(tx, ticketId, access);
      return reading.writeTo;
    },
    null,
    async (work) => {
      if (input.clientId && (await work.em.count(ThreadItem, { ticket: work.ticket.id, clientId: input.clientId })) > 0) return;
      work.apply(onCustomerMessage(work.ticket, work.at));
      const message = work.append({ kind: 'customer_message', body: input.body, authorContact: reading!.customer.contactId, clientId: input.clientId ?? null });
      if (files.length > 0) {
        await work.writeItems();
        await bindCustomerFiles(work.em, message.id, files);
      }
    },
  );
  const { ticket, customer, ownItemIds } = await ticketForCustomer(scope.em.fork() as Em, ticketId, access);
  return presentForCustomer(scope.em, ticketId, ticket, customer, ownItemIds);
}

/** A file of a message the customer may see on their own ticket; anything else is not found. */
export async function attachmentForCustomer(scope: Scope, ticketId: number, access: CustomerAccess, attachmentId: string): Promise<Attachment> {
  const { ticket, customer, ownItemIds } = await ticketForCustomer(scope.em, ticketId, access);
  const attachment = await scope.em.findOne(Attachment, { id: attachmentId });
  const item = attachment?.threadItem ? await scope.em.findOne(ThreadItem, { id: attachment.threadItem }) : null;
  const onTicket = item !== null && (item.ticket === ticket.id || (ownItemIds?.includes(item.id) ?? false)) && withoutMergedStrangers([item], await mergedStrangers(scope.em, ticket)).length === 1;
  if (!attachment || !item || !onTicket || !canSeeThreadItem(customer, toTicketState(ticket), item)) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
  }
  return attachment;
}

/** `requestedId` is the ticket the token opens: the id the customer keeps using, whichever ticket is shown. */
async function presentForCustomer(em: Em, requestedId: number, ticket: Ticket, customer: CustomerPrincipal, ownItemIds: readonly number[] | null): Promise<CustomerTicketDto> {
  const where = ownItemIds === null ? { ticket: ticket.id } : { $or: [{ ticket: ticket.id }, { id: { $in: [...ownItemIds] } }] };
  const [all, strangers] = await Promise.all([em.find(ThreadItem, where, { orderBy: { id: 'asc' } }), mergedStrangers(em, ticket)]);
  const visible = visibleThread(customer, toTicketState(ticket), withoutMergedStrangers(all, strangers));
  const attachments = await attachmentsOf(em, visible.map((i) => i.id));
  const agentIds = [...new Set(visible.map((i) => i.authorAgent).filter((id): id is number => typeof id === 'number'))];
  const agents = agentIds.length > 0 ? await em.find(Agent, { id: { $in: agentIds } }, { fields: ['id', 'name'] }) : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return {
    id: requestedId,
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
      attachments: (attachments.get(item.id) ?? []).map(presentAttachment).map((a) => ({ ...a, url: `/api/v1/public/tickets/${requestedId}/attachments/${a.id}` })),
      createdAt: item.createdAt.toISOString(),
    })),
  };
}
