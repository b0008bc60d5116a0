import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  type AgentMembership,
  type AgentPrincipal,
  applyCustomStatus,
  assign,
  assignmentNotice,
  assertThreadItemMutable,
  changePriority,
  changeSubject,
  claimForAgent,
  DomainError,
  diffTags,
  ErrorCodes,
  normalizeTags,
  onAgentReply,
  onCustomerMessage,
  openCustomerTicket,
  openInternalTicket,
  openOutgoingTicket,
  postpone,
  reopen,
  resolve,
  transfer,
} from '@parley/domain';
import type { Api, BodyOf, ThreadItemDto, TicketDetailDto, TicketDto } from '@parley/protocol';
import type { AgentScope, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { bindAttachments } from '../attachments/attachment.service.js';
import { resolveContactRef } from '../contacts/contact.service.js';
import { queueOpeningEmail, queueReplyEmail, retryReplyEmail } from '../email/reply-email.service.js';
import { EditableNote } from '../notes/editable-note.entity.js';
import { presentNote } from '../notes/note.presenter.js';
import { CustomStatus } from '../organisation/custom-status.entity.js';
import { Department } from '../organisation/department.entity.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { ThreadItem, Ticket } from './ticket.entity.js';
import { presentThreadItem, presentTicket, toTicketState } from './ticket.presenter.js';
import { attachmentsOf, contactSummaries, emailsOf, findTicketForAgent, threadOf, toSolveCandidates } from './ticket.repository.js';
import { inTicketTransaction, type TicketRow, type TicketRowWriter, threadRow } from './ticket-rows.js';
import { audienceSnapshot, TicketWork } from './ticket-transaction.js';
import { applyTriggers } from '../automation/apply-triggers.js';

// Inputs as validated by the endpoint registry's schemas (defaults applied).
type CreateTicketInput = BodyOf<Api['createTicket']>;
type CreateInternalInput = BodyOf<Api['createInternalTicket']>;
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
  const [[dto], thread, note] = await Promise.all([
    presentTickets(em, [ticket]),
    threadOf(em, ticket.id),
    em.findOne(EditableNote, { ticket: ticket.id }),
  ]);
  return {
    ticket: dto!,
    thread: thread.items.map((item) => presentThreadItem(item, thread.attachments.get(item.id) ?? [], thread.emails.get(item.id) ?? null)),
    note: note ? presentNote(note) : null,
  };
}

export async function getTicket(scope: AgentScope, id: number): Promise<TicketDetailDto> {
  return ticketDetail(scope.em, await findTicketForAgent(scope.em, scope.agent, id));
}

async function presentItem(em: Em, item: ThreadItem): Promise<ThreadItemDto> {
  const [attachments, emails] = await Promise.all([attachmentsOf(em, [item.id]), emailsOf(em, [item.id])]);
  return presentThreadItem(item, attachments.get(item.id) ?? [], emails.get(item.id) ?? null);
}

/** Sends a failed or bounced reply's letter again (see retryReplyEmail); answers the reply as it shows now. */
export async function retryEmail(scope: AgentScope, ticketId: number, itemId: number): Promise<ThreadItemDto> {
  const item = await retryReplyEmail(scope, ticketId, itemId);
  return presentItem(scope.em.fork() as Em, item);
}

// ---- creating

async function membershipOf(em: Em, agentId: number | undefined | null): Promise<AgentMembership | null> {
  if (agentId === undefined || agentId === null) return null;
  const agent = await em.findOne(Agent, { id: agentId }, { fields: ['id', 'active'] });
  if (!agent) return null;
  const rows = await em.find(AgentDepartment, { agent: agentId });
  return { agentId, active: agent.active, departmentIds: rows.map((r) => r.department) };
}

async function assertDepartmentExists(em: Em, departmentId: number | undefined | null): Promise<void> {
  if (departmentId === undefined || departmentId === null) return;
  if ((await em.count(Department, { id: departmentId })) === 0) {
    throw new DomainError(ErrorCodes.notFound, `Department ${departmentId} not found.`, { departmentId });
  }
}

/** Retries a creation once when a concurrent one inserted the same contact email first. */
async function withUniqueRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return work();
    throw error;
  }
}

/** A creation that lost the race to an identical retry (same client id) answers with the winner's ticket. */
async function orReplay(
  scope: AgentScope,
  clientId: string | undefined,
  create: () => Promise<{ detail: TicketDetailDto; created: boolean }>,
): Promise<{ detail: TicketDetailDto; created: boolean }> {
  try {
    return await create();
  } catch (error) {
    const replay = error instanceof UniqueConstraintViolationException ? await existingByClientId(scope, clientId) : null;
    if (replay) return { detail: replay, created: false };
    throw error;
  }
}

async function existingByClientId(scope: AgentScope, clientId: string | undefined): Promise<TicketDetailDto | null> {
  if (!clientId) return null;
  const existing = await scope.em.findOne(Ticket, { clientId: scopedClientId(scope.agent.agentId, clientId) });
  return existing ? getTicket(scope, existing.id) : null;
}

/** Client ids are scoped to their author, so one agent's id can never collide with (or reveal) another's. */
function scopedClientId(agentId: number, clientId: string): string {
  return `a${agentId}:${clientId}`.slice(0, 64);
}

/**
 * Creating a customer's ticket is the busiest write a help desk has (every email, chat and form), so it
 * inserts its rows directly (ticket, thread items, tags) in one transaction and answers from what it wrote,
 * without reading the ticket back. The rules are the same domain calls as everywhere else.
 */
export function createCustomerTicket(scope: AgentScope, input: CreateTicketInput): Promise<{ detail: TicketDetailDto; created: boolean }> {
  return orReplay(scope, input.clientId, () => insertCustomerTicket(scope, input));
}

async function insertCustomerTicket(scope: AgentScope, input: CreateTicketInput): Promise<{ detail: TicketDetailDto; created: boolean }> {
  const replay = await existingByClientId(scope, input.clientId);
  if (replay) return { detail: replay, created: false };
  const at = scope.app.clock.now();
  // Reads first, outside the write transaction, so it stays short.
  const agent = await membershipOf(scope.em, input.agentId);
  const departmentId = input.departmentId ?? (input.agentId ? null : await defaultDepartmentId(scope.em));
  // Written by the agent: our first letter to the customer, sent like a reply; otherwise the customer's request.
  const agentFirst = input.firstMessage?.from === 'agent';
  const created = await withUniqueRetry(() =>
    inTicketTransaction(scope.em.fork() as Em, async (em, rows) => {
      const contact = await resolveContactRef(em, input.contact, rows);
      const opened = (agentFirst ? openOutgoingTicket : openCustomerTicket)(
        {
          subject: input.subject,
          // Our letter opens it, so it is an email conversation whatever channel the request named.
          channel: agentFirst ? 'email' : input.channel,
          contactId: contact.id,
          createdByAgentId: scope.agent.agentId,
          ...(input.priority ? { priority: input.priority } : {}),
          destination: { departmentId, agentId: input.agentId ?? null },
          agent,
        },
        at,
      );
      const tags = normalizeTags(input.tags ?? []);
      const row = {
        ...opened.state,
        subject: opened.subject,
        tags,
        cc: input.cc ?? [],
        clientId: input.clientId ? scopedClientId(scope.agent.agentId, input.clientId) : null,
        customerTokenHash: null,
        updatedAt: at,
      };
      const ticketId = await insertTicket(rows, row, input.departmentId);
      const items = [
        ...opened.events.map((event) => threadRow(ticketId, at, { kind: 'system_event', systemEvent: event, authorAgent: scope.agent.agentId })),
        agentFirst
          ? threadRow(ticketId, at, { kind: 'agent_reply', body: input.message, authorAgent: scope.agent.agentId, recipientsCc: input.cc ?? null })
          : threadRow(ticketId, at, { kind: 'customer_message', body: input.message, authorContact: contact.id }),
      ];
      const itemIds: number[] = [];
      for (const item of items) itemIds.push(await rows.insertThreadItem(item));
      await rows.insertTags(ticketId, tags);
      const messageId = itemIds.at(-1)!;
      const attachments = await bindAttachments(em, scope.agent.agentId, messageId, input.attachmentIds);
      const ticket = { id: ticketId, ...row } as Ticket;
      const thread = items.map((item, i) => ({ ...item, id: itemIds[i]! }) as ThreadItem);
      const letter = agentFirst ? await queueOpeningEmail(scope.app, em, ticket, thread.at(-1)!) : null;
      return { ticket, thread, attachments, contact, messageId, letter };
    }),
  );
  if (created.letter) scope.app.outbox.kick();
  const contactSummary = { id: created.contact.id, name: created.contact.name, email: created.contact.primaryEmail };
  // Announced from what the transaction wrote: the ticket, its items and the message's files.
  const ticketId = created.ticket.id;
  const thread = created.thread.map((item) =>
    item.id === created.messageId ? presentThreadItem(item, created.attachments, created.letter) : presentThreadItem(item, []),
  );
  const audience = audienceSnapshot(created.ticket);
  scope.app.events.publish('ticket.created', { ticketId, produced: { ticket: created.ticket, contact: contactSummary } });
  for (const item of thread) scope.app.events.publish('thread.item_created', { ticketId, itemId: item.id, produced: { item, audience, channel: created.ticket.channel } });
  const notice = assignmentNotice(null, created.ticket.assignedAgentId ?? null, scope.agent.agentId);
  if (notice) scope.app.events.publish('ticket.assigned', { ticketId, ...notice });
  return {
    created: true,
    detail: {
      ticket: presentTicket(created.ticket, contactSummary),
      thread,
      note: null,
    },
  };
}

/** Inserts a new ticket row; a department that does not exist surfaces as the foreign key's refusal, turned into not found. */
async function insertTicket(rows: TicketRowWriter, row: TicketRow, requestedDepartmentId: number | undefined): Promise<number> {
  try {
    return await rows.insertTicket(row);
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException && requestedDepartmentId !== undefined) {
      throw new DomainError(ErrorCodes.notFound, `Department ${requestedDepartmentId} not found.`, { departmentId: requestedDepartmentId });
    }
    throw error;
  }
}


export function createInternalTicket(scope: AgentScope, input: CreateInternalInput): Promise<{ detail: TicketDetailDto; created: boolean }> {
  return orReplay(scope, input.clientId, () => insertInternalTicket(scope, input));
}

async function insertInternalTicket(scope: AgentScope, input: CreateInternalInput): Promise<{ detail: TicketDetailDto; created: boolean }> {
  const replay = await existingByClientId(scope, input.clientId);
  if (replay) return { detail: replay, created: false };
  const at = scope.app.clock.now();
  const work = await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    await assertDepartmentExists(em, input.departmentId);
    if (input.aboutContactId !== undefined) await resolveContactRef(em, { id: input.aboutContactId });
    const opened = openInternalTicket(
      {
        subject: input.subject,
        aboutContactId: input.aboutContactId ?? null,
        createdByAgentId: scope.agent.agentId,
        ...(input.priority ? { priority: input.priority } : {}),
        destination: { departmentId: input.departmentId ?? null, agentId: input.agentId ?? null },
        agent: await membershipOf(em, input.agentId),
      },
      at,
    );
    const tags = normalizeTags(input.tags ?? []);
    const ticket = em.create(Ticket, {
      ...opened.state,
      subject: opened.subject,
      tags,
      cc: [],
      clientId: input.clientId ? scopedClientId(scope.agent.agentId, input.clientId) : null,
      customerTokenHash: null,
      updatedAt: at,
      statusChangedAt: at,
    });
    await em.flush();
    const work = new TicketWork(em, ticket, at, scope.agent.agentId, true);
    work.recordEvents(opened.events);
    const note = work.append({ kind: 'internal_note', body: input.message, authorAgent: scope.agent.agentId });
    work.replaceTags([], tags);
    await em.flush();
    await bindAttachments(em, scope.agent.agentId, note.id, input.attachmentIds);
    return work;
  });
  work.publish(scope.app);
  return { detail: await getTicket(scope, work.ticket.id), created: true };
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
): Promise<{ result: T; ticket: Ticket; work: TicketWork }> {
  return runTicketChange(scope, (tx) => findTicketForAgent(tx, scope.agent, ticketId, true), scope.agent.agentId, change);
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
    await tx.flush();
    return { result, work };
  });
  if (work.changed) work.publish(scope.app);
  return { result, ticket: work.ticket, work };
}

async function ticketDto(scope: AgentScope, ticket: Ticket): Promise<TicketDto> {
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
): Promise<{ item: ThreadItemDto; created: boolean; result?: T }> {
  try {
    const { result, work } = await changeTicket(scope, ticketId, append);
    return { item: work.presentCreated(result.item), created: true, result };
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
  const { item, created, result } = await appendOnce(scope, ticketId, input.clientId, async (work) => {
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
    await work.em.flush();
    await bindAttachments(work.em, scope.agent.agentId, item.id, input.attachmentIds);
    const emailed = await queueReplyEmail(scope.app, work.em, work.ticket, item, input.subject !== undefined ? { subject: input.subject } : {});
    return { item, emailed };
  });
  if (result?.emailed) scope.app.outbox.kick();
  return { item, created };
}

export async function addInternalNote(scope: AgentScope, ticketId: number, input: NoteInput): Promise<{ item: ThreadItemDto; created: boolean }> {
  const { item, created } = await appendOnce(scope, ticketId, input.clientId, async (work) => {
    const item = work.append({ kind: 'internal_note', body: input.body, authorAgent: work.actorAgentId, clientId: input.clientId ?? null });
    await work.em.flush();
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
    await work.em.flush();
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
      await work.em.flush();
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
  const { ticket } = await changeTicket(scope, ticketId, (work) => {
    const before = work.ticket.tags;
    const after = normalizeTags(tags);
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

// ---- "To solve"

/**
 * Claims the most urgent ticket the agent may take. Candidates are read in urgency order and each claim
 * is a conditional update (still unassigned or already mine, still waiting), so two agents pressing the
 * button at the same moment can never both get one ticket: the loser moves on to the next candidate.
 */
export async function claimToSolve(scope: AgentScope): Promise<TicketDetailDto> {
  const agent: AgentPrincipal = scope.agent;
  for (let round = 0; round < 5; round++) {
    const candidates = await toSolveCandidates(scope.em.fork() as Em, agent, 10);
    if (candidates.length === 0) break;
    for (const candidate of candidates) {
      const claimed = await tryClaim(scope, candidate.id);
      if (claimed) return getTicket(scope, claimed.id);
    }
  }
  throw new DomainError(ErrorCodes.ticketNothingToSolve, 'No ticket waits for you right now.');
}

async function tryClaim(scope: AgentScope, ticketId: number): Promise<Ticket | null> {
  try {
    const { ticket } = await changeTicket(scope, ticketId, async (work) => {
      const change = claimForAgent({ ...toTicketState(work.ticket), id: work.ticket.id }, scope.agent);
      if (change.patch.assignedAgentId !== undefined) {
        // The guard in the WHERE clause makes the claim atomic even where rows are not locked.
        const updated = await work.em.nativeUpdate(
          Ticket,
          { id: work.ticket.id, assignedAgentId: null, status: { $in: ['new', 'open'] } },
          { assignedAgentId: scope.agent.agentId, updatedAt: work.at },
        );
        if (updated !== 1) throw new DomainError(ErrorCodes.conflict, 'Taken by someone else.');
        work.ticket.assignedAgentId = scope.agent.agentId;
      }
      work.recordEvents(change.events);
    });
    return ticket;
  } catch (error) {
    if (error instanceof DomainError && (error.code === ErrorCodes.conflict || error.code === ErrorCodes.ticketNotFound)) return null;
    throw error;
  }
}

