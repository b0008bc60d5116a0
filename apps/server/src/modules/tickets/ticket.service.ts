import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  applyCustomStatus,
  assign,
  assertThreadItemMutable,
  changePriority,
  changeSubject,
  DomainError,
  diffTags,
  ErrorCodes,
  normalizeTags,
  onAgentReply,
  onCustomerMessage,
  postpone,
  reopen,
  resolve,
  ticketSearchText,
  transfer,
} from '@parley/domain';
import type { Api, BodyOf, ThreadItemDto, TicketDetailDto, TicketDto } from '@parley/protocol';
import type { AgentScope, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { bindAttachments } from '../attachments/attachment.service.js';
import { queueReplyEmail, retryReplyEmail } from '../email/reply-email.service.js';
import { loadTicketForReply, type ReplyLetterContext } from '../email/reply-context.js';
import { EditableNote } from '../notes/editable-note.entity.js';
import { presentNote } from '../notes/note.presenter.js';
import { CustomStatus } from '../organisation/custom-status.entity.js';
import { ThreadItem, type Ticket } from './ticket.entity.js';
import { presentThreadItem, presentTicket, } from './ticket.presenter.js';
import { attachmentsOf, contactSummaries, emailsOf, findTicketForAgent, threadOf, } from './ticket.repository.js';
import { audienceSnapshot, TicketWork } from './ticket-transaction.js';
import { loadTicketForChange } from './ticket-load.js';
import { assertDepartmentExists, membershipOf } from './ticket-membership.js';
import { applyTriggers } from '../automation/apply-triggers.js';
import { ticketSatisfaction } from '../satisfaction/ticket-satisfaction.js';

// Inputs as validated by the endpoint registry's schemas (defaults applied).
type ReplyInput = BodyOf<Api['reply']>;
type NoteInput = BodyOf<Api['addInternalNote']>;
type AssignInput = BodyOf<Api['assign']>;
type TransferInput = BodyOf<Api['transfer']>;

// ---- reading

export async function presentTickets(em: Em, tickets: readonly Ticket[]): Promise<TicketDto[]> {
  const contacts = await contactSummaries(em, tickets.map((t) => t.contactId));
  return tickets.map((t) => presentTicket(t, t.contactId ? (contacts.get(t.contactId) ?? null) : null));
}

async function ticketDetail(em: Em, ticket: Ticket): Promise<TicketDetailDto> {
  const [[dto], thread, note, satisfaction] = await Promise.all([
    presentTickets(em, [ticket]),
    threadOf(em, ticket.id),
    em.findOne(EditableNote, { ticket: ticket.id }),
    ticketSatisfaction(em, ticket.id),
  ]);
  return {
    ticket: dto!,
    thread: thread.items.map((item) => presentThreadItem(item, thread.attachments.get(item.id) ?? [], thread.emails.get(item.id) ?? null)),
    note: note ? presentNote(note) : null,
    satisfaction,
  };
}

export async function getTicket(scope: AgentScope, id: number): Promise<TicketDetailDto> {
  return ticketDetail(scope.em, await findTicketForAgent(scope.em, scope.agent, id));
}

/** One stored item as agents see it, with its files and letter. */
export async function presentItem(em: Em, item: ThreadItem): Promise<ThreadItemDto> {
  const [attachments, emails] = await Promise.all([attachmentsOf(em, [item.id]), emailsOf(em, [item.id])]);
  return presentThreadItem(item, attachments.get(item.id) ?? [], emails.get(item.id) ?? null);
}

/** Sends a failed or bounced reply's letter again (see retryReplyEmail); answers the reply as it shows now. */
export async function retryEmail(scope: AgentScope, ticketId: number, itemId: number): Promise<ThreadItemDto> {
  const item = await retryReplyEmail(scope, ticketId, itemId);
  return presentItem(scope.em.fork() as Em, item);
}

// ---- changing

/**
 * Runs one change to one ticket the agent may see in one transaction, with the ticket locked, then
 * announces it after commit. Every agent action on a ticket goes through here.
 */
export async function changeTicket<T>(
  scope: AgentScope,
  ticketId: number,
  change: (work: TicketWork) => Promise<T> | T,
  load: (tx: Em) => Promise<Ticket> = (tx) => loadTicketForChange(tx, scope.agent, ticketId),
): Promise<{ result: T; ticket: Ticket; work: TicketWork }> {
  return runTicketChange(scope, load, scope.agent.agentId, change);
}

/** The transaction frame shared by agents' and customers' changes: load (locked), change, flush, announce. */
export async function runTicketChange<T>(
  scope: Scope,
  load: (tx: Em) => Promise<Ticket>,
  actorAgentId: number | null,
  change: (work: TicketWork) => Promise<T> | T,
): Promise<{ result: T; ticket: Ticket; work: TicketWork }> {
  const at = scope.app.clock.now();
  const em = scope.em.fork() as Em;
  const { result, work } = await em.transactional(async (tx) => {
    const ticket = await load(tx as Em);
    const work = new TicketWork(tx as Em, ticket, at, actorAgentId);
    const result = await change(work);
    await applyTriggers(scope.app, work);
    // Written by the transaction's own flush before it commits (a flush here would compute every change set once more).
    return { result, work };
  });
  if (work.changed) work.publish(scope.app);
  return { result, ticket: work.ticket, work };
}

export async function ticketDto(scope: AgentScope, ticket: Ticket): Promise<TicketDto> {
  const [dto] = await presentTickets(scope.em, [ticket]);
  return dto!;
}

/**
 * Appends one item by an agent's action, once per client id. The thread's unique (ticket, client id) index
 * tells a retry from a first attempt, so the first attempt costs no lookup; a retry finds its item stored
 * and answers with it, and makes sure agents have heard of it (whoever stored it may have died before).
 * The answer is presented from what the transaction wrote, not read back.
 */
async function appendOnce<T extends { item: ThreadItem }>(
  scope: AgentScope,
  ticketId: number,
  clientId: string | undefined,
  append: (work: TicketWork) => Promise<T>,
  load?: (tx: Em) => Promise<Ticket>,
): Promise<{ item: ThreadItemDto; created: boolean; result?: T; work?: TicketWork }> {
  try {
    const { result, work } = await changeTicket(scope, ticketId, append, load);
    return { item: work.presentCreated(result.item), created: true, result, work };
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException) || !clientId) throw error;
    const em = scope.em.fork() as Em;
    const replay = await em.findOne(ThreadItem, { ticket: ticketId, clientId });
    if (!replay) throw error;
    void scope.app.events.publish('thread.item_created', { ticketId, itemId: replay.id, replayed: true });
    return { item: await presentItem(em, replay), created: false };
  }
}

export async function reply(scope: AgentScope, ticketId: number, input: ReplyInput): Promise<{ item: ThreadItemDto; created: boolean }> {
  // The ticket and its letter's context (customer, letter answered, sender, names) come in one statement.
  let context: ReplyLetterContext | undefined;
  const load = async (tx: Em) => {
    const loaded = await loadTicketForReply(tx, scope.agent, ticketId);
    context = loaded.context;
    return loaded.ticket;
  };
  const { item, created, result, work } = await appendOnce(
    scope,
    ticketId,
    input.clientId,
    async (work) => {
      if (context?.contact && work.ticket.contactId) work.knownContact = { id: work.ticket.contactId, name: context.contact.name, email: context.contact.email };
      work.apply(onAgentReply(work.ticket, work.at));
      // Chosen recipients (reply to all, or a plain reply's edited To) are kept with the reply; without them it goes to the contact.
      const replyAll = input.to !== undefined || input.cc !== undefined;
      const item = work.append({
        kind: 'agent_reply',
        body: input.body,
        authorAgent: work.actorAgentId,
        recipientsTo: replyAll ? (input.to ?? []) : null,
        recipientsCc: replyAll ? (input.cc ?? work.ticket.cc) : null,
        clientId: input.clientId ?? null,
      });
      await work.writeItems();
      const files = await bindAttachments(work.em, scope.agent.agentId, item.id, input.attachmentIds);
      const emailed = await queueReplyEmail(scope.app, work.em, work.ticket, item, input.subject !== undefined ? { subject: input.subject } : {}, {
        ...(context ? { context } : {}),
        files,
      });
      return { item, emailed };
    },
    load,
  );
  if (result?.emailed && work) scope.app.outbox.deliver([result.emailed], audienceSnapshot(work.ticket));
  return { item, created };
}

export async function addInternalNote(scope: AgentScope, ticketId: number, input: NoteInput): Promise<{ item: ThreadItemDto; created: boolean }> {
  const { item, created } = await appendOnce(scope, ticketId, input.clientId, async (work) => {
    const item = work.append({ kind: 'internal_note', body: input.body, authorAgent: work.actorAgentId, clientId: input.clientId ?? null });
    await work.writeItems();
    await bindAttachments(work.em, scope.agent.agentId, item.id, input.attachmentIds);
    return { item };
  });
  return { item, created };
}

/** A message from the customer that reached us through an integration (phone log, another system). */
export async function addCustomerMessageAsAgent(scope: AgentScope, ticketId: number, input: NoteInput): Promise<{ item: ThreadItemDto; created: boolean }> {
  const { item, created } = await appendOnce(scope, ticketId, input.clientId, async (work) => {
    work.apply(onCustomerMessage(work.ticket, work.at));
    const item = work.append({ kind: 'customer_message', body: input.body, authorContact: work.ticket.contactId ?? null, clientId: input.clientId ?? null });
    await work.writeItems();
    await bindAttachments(work.em, scope.agent.agentId, item.id, input.attachmentIds);
    return { item };
  });
  return { item, created };
}

/** Thread items are history: every attempt to edit or delete one is refused with the domain's reason. */
export async function refuseThreadItemChange(scope: AgentScope, ticketId: number, itemId: number, action: 'edit' | 'delete'): Promise<never> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  const item = await scope.em.findOne(ThreadItem, { id: itemId, ticket: ticketId });
  if (!item) throw new DomainError(ErrorCodes.notFound, `Thread item ${itemId} not found.`);
  assertThreadItemMutable(item, action);
}

export async function editSubject(scope: AgentScope, ticketId: number, subject: string): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => {
    const changed = changeSubject(work.ticket.subject, subject);
    work.ticket.subject = changed.subject;
    work.ticket.searchText = ticketSearchText(changed.subject);
    work.recordEvents(changed.events);
  });
  return ticketDto(scope, ticket);
}

export async function assignTicket(scope: AgentScope, ticketId: number, input: AssignInput): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, async (work) => {
    await assertDepartmentExists(work.em, input.departmentId);
    const destination = { departmentId: input.departmentId ?? null, agentId: input.agentId ?? null };
    work.apply(assign(work.ticket, destination, await membershipOf(work.em, input.agentId)));
  });
  return ticketDto(scope, ticket);
}

export async function transferTicket(scope: AgentScope, ticketId: number, input: TransferInput): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, async (work) => {
    await assertDepartmentExists(work.em, input.departmentId);
    const destination = { departmentId: input.departmentId ?? null, agentId: input.agentId ?? null };
    work.apply(transfer(work.ticket, destination, await membershipOf(work.em, input.agentId), input.note !== undefined));
    if (input.note !== undefined) {
      const note = work.append({ kind: 'internal_note', body: input.note, authorAgent: work.actorAgentId });
      await work.writeItems();
      await bindAttachments(work.em, scope.agent.agentId, note.id, input.attachmentIds);
    } else if (input.attachmentIds.length > 0) {
      throw new DomainError(ErrorCodes.requestInvalid, 'attachmentIds: a transfer carries attachments only with a note.');
    }
  });
  return ticketDto(scope, ticket);
}

export async function postponeTicket(scope: AgentScope, ticketId: number, until: Date): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => work.apply(postpone(work.ticket, until, work.at)));
  return ticketDto(scope, ticket);
}

export async function resolveTicket(scope: AgentScope, ticketId: number): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => work.apply(resolve(work.ticket, work.at)));
  return ticketDto(scope, ticket);
}

export async function reopenTicket(scope: AgentScope, ticketId: number): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => work.apply(reopen(work.ticket, work.at)));
  return ticketDto(scope, ticket);
}

export async function setCustomStatus(scope: AgentScope, ticketId: number, customStatusId: number): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, async (work) => {
    const status = await work.em.findOne(CustomStatus, { id: customStatusId });
    if (!status) throw new DomainError(ErrorCodes.notFound, `Custom status ${customStatusId} not found.`);
    work.apply(applyCustomStatus(work.ticket, status, work.at));
  });
  return ticketDto(scope, ticket);
}

export async function setPriority(scope: AgentScope, ticketId: number, priority: Ticket['priority']): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => work.apply(changePriority(work.ticket, priority)));
  return ticketDto(scope, ticket);
}

export async function setTags(scope: AgentScope, ticketId: number, tags: string[]): Promise<TicketDto> {
  return editTags(scope, ticketId, () => tags);
}

/** Changes the tags from what they are inside the ticket's transaction (replace, add some, remove some). */
export async function editTags(scope: AgentScope, ticketId: number, edit: (before: readonly string[]) => readonly string[]): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => {
    const before = work.ticket.tags;
    const after = normalizeTags([...edit(before)]);
    const diff = diffTags(before, after);
    if (diff.added.length === 0 && diff.removed.length === 0) return;
    work.ticket.tags = after;
    work.replaceTags(before, after);
    work.recordEvents([{ type: 'tags_changed', ...diff }]);
  });
  return ticketDto(scope, ticket);
}

export async function setCc(scope: AgentScope, ticketId: number, cc: string[]): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, (work) => {
    if (work.ticket.internal) throw new DomainError(ErrorCodes.ticketInternalHasNoCustomer, 'An internal ticket has no CC recipients.');
    work.ticket.cc = [...new Set(cc)];
    work.markChanged();
  });
  return ticketDto(scope, ticket);
}
