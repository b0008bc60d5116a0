import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  assignmentNotice,
  DomainError,
  ErrorCodes,
  normalizeTags,
  openCustomerTicket,
  openInternalTicket,
  openOutgoingTicket,
} from '@parley/domain';
import type { Api, BodyOf, TicketDetailDto, } from '@parley/protocol';
import type { AgentScope, } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { bindAttachments } from '../attachments/attachment.service.js';
import { resolveContactRef } from '../contacts/contact.service.js';
import { queueOpeningEmail, } from '../email/reply-email.service.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { type ThreadItem, Ticket } from './ticket.entity.js';
import { presentThreadItem, presentTicket, } from './ticket.presenter.js';
import { runTriggersForEvent } from '../automation/apply-triggers.js';
import { autoAssignOpened, planAutoAssignment } from '../automation/auto-assign.js';
import type { SlaColumns } from '../sla/sla-on-write.js';
import { threadRow } from './ticket-row-columns.js';
import { inTicketTransaction, type ThreadItemRow, type TicketRow, type TicketRowWriter } from './ticket-rows.js';
import { audienceSnapshot, TicketWork } from './ticket-transaction.js';
import { getTicket, } from './ticket.service.js';
import { assertDepartmentExists, membershipOf } from './ticket-membership.js';

// Inputs as validated by the endpoint registry's schemas (defaults applied).
type CreateTicketInput = BodyOf<Api['createTicket']>;
type CreateInternalInput = BodyOf<Api['createInternalTicket']>;

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
  // A customer's request named to nobody may go to an agent of the department by its auto-assignment.
  const assignment = agentFirst || input.agentId ? null : await planAutoAssignment(scope.app, departmentId, input.channel);
  const created = await withUniqueRetry(() =>
    inTicketTransaction(scope.em.fork() as Em, async (em, rows) => {
      const contact = await resolveContactRef(em, input.contact, rows);
      const requested = (agentFirst ? openOutgoingTicket : openCustomerTicket)(
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
      const opened = await autoAssignOpened(em, assignment, requested, at);
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
      const itemsOf = (ticketId: number) => [
        // What auto-assignment did is nobody's doing; the rest is the agent's.
        ...opened.events.map((event, i) => threadRow(ticketId, at, { kind: 'system_event', systemEvent: event, authorAgent: i < requested.events.length ? scope.agent.agentId : null })),
        agentFirst
          ? threadRow(ticketId, at, { kind: 'agent_reply', body: input.message, authorAgent: scope.agent.agentId, recipientsCc: input.cc ?? null })
          : threadRow(ticketId, at, { kind: 'customer_message', body: input.message, authorContact: contact.id }),
      ];
      const { id: ticketId, sla, items: thread } = await insertTicket(rows, row, itemsOf, input.departmentId);
      await rows.insertTags(ticketId, tags);
      const messageId = thread.at(-1)!.id;
      const attachments = await bindAttachments(em, scope.agent.agentId, messageId, input.attachmentIds);
      const ticket = { id: ticketId, ...row, ...sla } as Ticket;
      const letter = agentFirst ? await queueOpeningEmail(scope.app, em, ticket, thread.at(-1)!) : null;
      // Rules listening to new tickets act in the same transaction (nothing is read when none listens).
      const ruled = await runTriggersForEvent(scope.app, em, ticketId, 'ticket_created', input.message);
      return { ticket: ruled?.ticket ?? ticket, thread, attachments, contact, messageId, letter, ruled };
    }),
  );
  if (created.letter) scope.app.outbox.kick();
  if (created.contact.created) scope.app.events.publish('contact.created', { contactId: created.contact.id });
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
  created.ruled?.publish(scope.app);
  return {
    created: true,
    detail: {
      ticket: presentTicket(created.ticket, contactSummary),
      thread,
      note: null,
      satisfaction: null,
    },
  };
}

/** Inserts a new ticket row; a department that does not exist surfaces as the foreign key's refusal, turned into not found. */
async function insertTicket(
  rows: TicketRowWriter,
  row: TicketRow,
  itemsOf: (ticketId: number) => ThreadItemRow[],
  requestedDepartmentId: number | undefined,
): Promise<{ id: number; sla: SlaColumns; items: ThreadItem[] }> {
  try {
    return await rows.insertTicketWithItems(row, itemsOf);
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
