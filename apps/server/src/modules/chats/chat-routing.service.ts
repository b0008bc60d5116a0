import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  acceptChat,
  assignChatOwner,
  canAgentSeeTicket,
  type ChatSessionState,
  DomainError,
  declineChat,
  ErrorCodes,
  inviteToChat,
  isEligibleForOffer,
  offerTargets,
  transfer,
  transferChat,
} from '@parley/domain';
import type { ChatInviteRequest, ChatOfferDto, ChatSessionDto, ChatTransferRequest, MyChatsDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { loadAgentPrincipal } from '../agents/principal.repository.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { runTicketChange } from '../tickets/ticket.service.js';
import type { TicketWork } from '../tickets/ticket-transaction.js';
import { chatStatisticsState, recordChatFacts } from '../statistics/statistics-recording.js';
import { ChatSession } from './chat-session.entity.js';
import { lockSession, presentSession, sessionColumns, toSessionState, writeSession } from './chat-session.repository.js';

/** A chat ticket locked for the transaction, whoever may see it (being offered the chat is the access). */
function lockChatTicket(ticketId: number) {
  return async (tx: Em): Promise<Ticket> => {
    const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
    const ticket = await tx.findOne(Ticket, { id: ticketId, channel: 'chat' }, lock as never);
    if (!ticket) throw new DomainError(ErrorCodes.chatNotOffered, 'This chat is not offered to you.');
    return ticket;
  };
}

async function membershipOf(em: Em, agentId: number) {
  const agent = await em.findOneOrFail(Agent, { id: agentId }, { fields: ['id', 'active'] });
  const rows = await em.find(AgentDepartment, { agent: agentId });
  return { agentId, active: agent.active, departmentIds: rows.map((r) => r.department) };
}

/**
 * `chat:accept`. First accept wins twice over: the session row is locked (PostgreSQL) and the update is
 * conditional on the chat still being pending, so two agents on two instances can never both get it. The
 * ticket is assigned through the ordinary ticket transaction, so its events and system line happen as usual.
 * An agent routing would ring right now may take the chat even when their ring has not reached them (or a
 * re-offer just withdrew it): in that race they get the chat or "already taken", never a refusal by mistake.
 */
export async function acceptOffer(scope: AgentScope, ticketId: number): Promise<ChatSessionDto> {
  const agentId = scope.agent.agentId;
  // Read before the transaction (it asks every instance for its sockets): would routing ring this agent now?
  const current = await scope.em.fork().findOne(ChatSession, { ticket: ticketId });
  const eligibleNow = current ? offerTargets(toSessionState(current), await scope.app.chatRouter.candidates()).includes(agentId) : false;
  const { result } = await runTicketChange(scope, lockChatTicket(ticketId), agentId, async (work) => {
    const row = await lockSession(work.em, ticketId);
    if (!row) throw new DomainError(ErrorCodes.chatNotOffered, 'This chat is not offered to you.');
    const previous = toSessionState(row);
    const [agent, activeChats] = await Promise.all([
      work.em.findOneOrFail(Agent, { id: agentId }, { fields: ['id', 'maxConcurrentChats'] }),
      work.em.count(ChatSession, { phase: 'active', ownerAgentId: agentId }),
    ]);
    const { session } = acceptChat(previous, agentId, { activeChats, maxConcurrentChats: agent.maxConcurrentChats }, eligibleNow);
    // The first agent to take the chat answered it; one taking it after a transfer keeps that time.
    const acceptedAt = row.acceptedAt ?? work.at;
    const taken = await work.em.nativeUpdate(
      ChatSession,
      { ticket: ticketId, phase: { $in: ['waiting', 'offered'] } },
      { ...sessionColumns(session, work.at), acceptedAt },
    );
    if (taken !== 1) throw new DomainError(ErrorCodes.chatAlreadyTaken, 'Someone else took this chat, or it ended.');
    await work.em.nativeUpdate(Agent, { id: agentId }, { lastChatAt: work.at });
    // The ticket keeps its department even when a widened chat is taken by an agent of another one.
    work.apply(assignChatOwner(work.ticket, await membershipOf(work.em, agentId)));
    await recordChatFacts(work.em, work.ticket as unknown as Record<string, unknown>, chatStatisticsState(row), chatStatisticsState({ ...row, ...session, acceptedAt }), work.at);
    return { previous, session };
  });
  const router = scope.app.chatRouter;
  // Every console that rang stops ringing, the winner's other tabs included.
  // Their load changed: chats still ringing for them stop when they are now full.
  await router.announce({ ticketId, withdrawn: result.previous.offeredAgentIds, visitorState: true, mineChanged: [agentId], reoffer: true });
  const row = await scope.em.fork().findOneOrFail(ChatSession, { ticket: ticketId });
  return presentSession(row);
}

/** `chat:decline`: the chat stops ringing here; the rest of the queue is unchanged. */
export async function declineOffer(scope: AgentScope, ticketId: number): Promise<{ ticketId: number }> {
  const agentId = scope.agent.agentId;
  const at = scope.app.clock.now();
  await scope.em.fork().transactional(async (tx) => {
    const row = await lockSession(tx as Em, ticketId);
    if (!row) throw new DomainError(ErrorCodes.chatNotOffered, 'This chat is not offered to you.');
    writeSession(row, declineChat(toSessionState(row), agentId), at);
    await tx.flush();
  });
  await scope.app.chatRouter.announce({ ticketId, withdrawn: [agentId] });
  await scope.app.chatRouter.offer(ticketId);
  return { ticketId };
}

/** Whether a named agent can be rung for a transferred chat right now (online, connected, with capacity). */
async function canRing(scope: AgentScope, agentId: number): Promise<boolean> {
  const candidates = await scope.app.chatRouter.candidates(scope.em.fork() as Em);
  const candidate = candidates.find((c) => c.agentId === agentId);
  return candidate !== undefined && isEligibleForOffer(candidate, null);
}

/**
 * `chat:transfer`: the owner (or an administrator) hands the chat to a department or an agent; it is offered
 * there again. The ticket moves too (through the ticket rules' transfer, with the optional internal note):
 * to the department, or (for an agent) it waits unassigned until they accept.
 */
export async function transferChatTo(scope: AgentScope, input: ChatTransferRequest): Promise<ChatSessionDto> {
  const { ticketId } = input;
  const targetAgentId = 'agentId' in input ? input.agentId : null;
  if ('departmentId' in input && (await scope.em.count(Department, { id: input.departmentId })) === 0) {
    throw new DomainError(ErrorCodes.notFound, `Department ${input.departmentId} not found.`);
  }
  if (targetAgentId !== null) {
    const target = await loadAgentPrincipal(scope.em.fork() as Em, targetAgentId);
    if (!target) throw new DomainError(ErrorCodes.notFound, 'The agent does not exist.', { agentId: targetAgentId });
  }
  const available = targetAgentId === null ? true : await canRing(scope, targetAgentId);
  const { result } = await runTicketChange(
    scope,
    (tx) => findTicketForAgent(tx, scope.agent, ticketId, true),
    scope.agent.agentId,
    async (work) => {
      const row = await lockSession(work.em, ticketId);
      if (!row) throw new DomainError(ErrorCodes.chatNotActive, 'The chat is not going on with an agent.');
      const previous = toSessionState(row);
      const target = 'departmentId' in input ? { departmentId: input.departmentId } : { agentId: input.agentId };
      const session = transferChat(previous, { agentId: scope.agent.agentId, isAdministrator: scope.agent.role === 'administrator' }, target, available, work.at);
      // Counted where the chat was handed on from: the ticket as it stood before it moves.
      await recordChatFacts(work.em, { ...(work.ticket as unknown as Record<string, unknown>) }, chatStatisticsState(row), chatStatisticsState({ ...row, ...session }), work.at, true);
      writeSession(row, session, work.at);
      moveTicket(work, session, input.note !== undefined);
      if (input.note !== undefined) work.append({ kind: 'internal_note', body: input.note, authorAgent: work.actorAgentId });
      return { previous, row };
    },
  );
  await scope.app.chatRouter.announce({
    ticketId,
    visitorState: true,
    mineChanged: result.previous.ownerAgentId === null ? [] : [result.previous.ownerAgentId],
  });
  await scope.app.chatRouter.offer(ticketId);
  return presentSession(result.row);
}

/** The ticket follows a transferred chat: into its (new) department, without an assignee until someone accepts. */
function moveTicket(work: TicketWork, session: ChatSessionState, hasNote: boolean): void {
  const departmentId = session.departmentId ?? work.ticket.departmentId ?? null;
  if (departmentId === null) return;
  if (departmentId === (work.ticket.departmentId ?? null) && (work.ticket.assignedAgentId ?? null) === null) return;
  work.apply(transfer(work.ticket, { departmentId, agentId: null }, null, hasNote));
}

/** `chat:invite`: the owner or a participant brings in a colleague who may see the chat's ticket. */
export async function inviteColleague(scope: AgentScope, input: ChatInviteRequest): Promise<ChatSessionDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, input.ticketId);
  const invitee = await loadAgentPrincipal(scope.em.fork() as Em, input.agentId);
  if (!invitee) throw new DomainError(ErrorCodes.notFound, 'The agent does not exist.', { agentId: input.agentId });
  if (!canAgentSeeTicket(invitee, ticket)) {
    throw new DomainError(ErrorCodes.agentNotInDepartment, 'That agent cannot see this chat.', { agentId: input.agentId });
  }
  const at = scope.app.clock.now();
  const row = await scope.em.fork().transactional(async (tx) => {
    const row = await lockSession(tx as Em, input.ticketId);
    if (!row) throw new DomainError(ErrorCodes.chatNotActive, 'The chat is not going on with an agent.');
    writeSession(row, inviteToChat(toSessionState(row), scope.agent.agentId, input.agentId), at);
    await tx.flush();
    return row;
  });
  scope.app.chatRouter.invited(input.ticketId, input.agentId, scope.agent.agentId);
  return presentSession(row);
}

/** `chat:offers`: what rings for this agent now, and the chats they own. */
export async function pendingOffers(scope: AgentScope): Promise<{ offers: ChatOfferDto[]; mine: MyChatsDto }> {
  const router = scope.app.chatRouter;
  const [offers, mine] = await Promise.all([router.offersFor(scope.em, scope.agent.agentId), router.myChats(scope.em.fork() as Em, scope.agent.agentId)]);
  return { offers, mine };
}

/** `chat:session`: a chat ticket's routing, for an agent who may see the ticket. */
export async function chatSessionOf(scope: AgentScope, ticketId: number): Promise<ChatSessionDto | null> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  const row = await scope.em.findOne(ChatSession, { ticket: ticketId });
  return row ? presentSession(row) : null;
}
