import { QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  type AgentPrincipal, canJoinTeamConversation, canUseTeamConversation, DomainError, directConversationKey, ErrorCodes,
  nextReadMarker, type TeamConversationAccess, validMentions,
} from '@parley/domain';
import type { TeamConversationDto, TeamHistoryQuery, TeamMessageDto, TeamReadDto, TeamSendRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { Department } from '../organisation/department.entity.js';
import { presentAttachment } from '../tickets/ticket.presenter.js';
import { TeamConversation, TeamMember, TeamMessage } from './team-chat.entity.js';

/** A conversation with who may use it: department channels list their department's active agents and the administrators. */
export interface LoadedConversation {
  readonly conversation: TeamConversation;
  readonly access: TeamConversationAccess;
  /** Everyone who may read and write it (and is mentioned or reached by its facts). */
  readonly memberIds: readonly number[];
}

const conversationNotFound = () => notFound('Conversation');

/** Every department has its channel; departments made before the team chat (or straight in the database) get theirs now. */
export async function ensureDepartmentChannels(em: Em, now: Date): Promise<void> {
  const [departments, channels] = await Promise.all([
    em.find(Department, {}, { fields: ['id'] }),
    em.find(TeamConversation, { kind: 'department' }, { fields: ['id', 'department'] }),
  ]);
  const have = new Set(channels.map((c) => c.department));
  const missing = departments.filter((d) => !have.has(d.id));
  for (const department of missing) {
    try {
      await em.insert(TeamConversation, { kind: 'department', name: null, department: department.id, directKey: null, createdByAgent: null, createdAt: now, lastMessageAt: null });
    } catch (error) {
      // Another request created it meanwhile.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
}

/** The channel of a department just created, in the same unit of work. */
export function createDepartmentChannel(em: Em, departmentId: number, now: Date): void {
  em.create(TeamConversation, { kind: 'department', name: null, department: departmentId, directKey: null, createdByAgent: null, createdAt: now, lastMessageAt: null });
}

async function activeAdministrators(em: Em): Promise<number[]> {
  const rows = await em.find(Agent, { role: 'administrator', active: true }, { fields: ['id'] });
  return rows.map((r) => r.id);
}

/** Loads conversations with their members, in bulk. */
async function loadMany(em: Em, conversations: readonly TeamConversation[]): Promise<LoadedConversation[]> {
  const departmentIds = conversations.flatMap((c) => (c.kind === 'department' && c.department ? [c.department] : []));
  const joinedIds = conversations.filter((c) => c.kind !== 'department').map((c) => c.id);
  const [administrators, departmentRows, memberRows] = await Promise.all([
    departmentIds.length > 0 ? activeAdministrators(em) : Promise.resolve([]),
    departmentIds.length > 0 ? em.find(AgentDepartment, { department: { $in: departmentIds } }) : Promise.resolve([]),
    joinedIds.length > 0 ? em.find(TeamMember, { conversation: { $in: joinedIds } }) : Promise.resolve([]),
  ]);
  const departmentAgentIds = [...new Set(departmentRows.map((r) => r.agent))];
  const active = new Set(
    departmentAgentIds.length > 0 ? (await em.find(Agent, { id: { $in: departmentAgentIds }, active: true }, { fields: ['id'] })).map((a) => a.id) : [],
  );
  return conversations.map((conversation) => {
    if (conversation.kind === 'department') {
      const inDepartment = departmentRows.filter((r) => r.department === conversation.department && active.has(r.agent)).map((r) => r.agent);
      return {
        conversation,
        access: { kind: 'department', departmentId: conversation.department ?? null, memberAgentIds: [] },
        memberIds: [...new Set([...inDepartment, ...administrators])].sort((a, b) => a - b),
      };
    }
    const members = memberRows.filter((r) => r.conversation === conversation.id).map((r) => r.agent).sort((a, b) => a - b);
    return { conversation, access: { kind: conversation.kind, departmentId: null, memberAgentIds: members }, memberIds: members };
  });
}

/** A conversation with its members, for fan-out (no agent asking). */
export async function conversationForAgentless(em: Em, conversation: TeamConversation): Promise<LoadedConversation> {
  return (await loadMany(em, [conversation]))[0]!;
}

/** The conversation if the agent may use it; "not found" otherwise, so its existence tells nothing. */
export async function conversationForAgent(em: Em, agent: AgentPrincipal, id: number): Promise<LoadedConversation> {
  const conversation = await em.findOne(TeamConversation, { id });
  if (!conversation) throw conversationNotFound();
  const [loaded] = await loadMany(em, [conversation]);
  if (!loaded || !canUseTeamConversation(agent, loaded.access)) throw conversationNotFound();
  return loaded;
}

async function unreadCounts(em: Em, agentId: number, conversationIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (conversationIds.length === 0) return counts;
  const rows = await em.execute<{ conversation_id: number; n: number | string }[]>(
    `select m.conversation_id, count(*) as n from team_message m
       left join team_member r on r.conversation_id = m.conversation_id and r.agent_id = ?
      where m.conversation_id in (${conversationIds.map(() => '?').join(', ')})
        and (m.author_agent_id is null or m.author_agent_id <> ?)
        and m.id > coalesce(r.last_read_message_id, 0)
      group by m.conversation_id`,
    [agentId, ...conversationIds, agentId],
  );
  for (const row of rows) counts.set(Number(row.conversation_id), Number(row.n));
  return counts;
}

async function present(em: Em, agent: AgentPrincipal, loaded: readonly LoadedConversation[]): Promise<TeamConversationDto[]> {
  const ids = loaded.map((l) => l.conversation.id);
  const usable = loaded.filter((l) => canUseTeamConversation(agent, l.access)).map((l) => l.conversation.id);
  const departmentIds = loaded.flatMap((l) => (l.conversation.department ? [l.conversation.department] : []));
  const otherIds = loaded.flatMap((l) => (l.conversation.kind === 'direct' ? l.memberIds.filter((id) => id !== agent.agentId) : []));
  const [markers, counts, departments, others] = await Promise.all([
    ids.length > 0 ? em.find(TeamMember, { agent: agent.agentId, conversation: { $in: ids } }) : Promise.resolve([]),
    unreadCounts(em, agent.agentId, usable),
    departmentIds.length > 0 ? em.find(Department, { id: { $in: departmentIds } }) : Promise.resolve([]),
    otherIds.length > 0 ? em.find(Agent, { id: { $in: otherIds } }, { fields: ['id', 'name'] }) : Promise.resolve([]),
  ]);
  return loaded.map(({ conversation, access, memberIds }) => {
    const other = conversation.kind === 'direct' ? (memberIds.find((id) => id !== agent.agentId) ?? null) : null;
    const name =
      conversation.kind === 'department'
        ? (departments.find((d) => d.id === conversation.department)?.name ?? '')
        : conversation.kind === 'direct'
          ? (others.find((a) => a.id === other)?.name ?? '')
          : (conversation.name ?? '');
    const joined = canUseTeamConversation(agent, access);
    return {
      id: conversation.id,
      kind: conversation.kind,
      name,
      departmentId: conversation.department ?? null,
      otherAgentId: other,
      joined,
      memberIds: [...memberIds],
      unreadCount: joined ? (counts.get(conversation.id) ?? 0) : 0,
      lastReadMessageId: markers.find((m) => m.conversation === conversation.id)?.lastReadMessageId ?? 0,
      lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
      createdAt: conversation.createdAt.toISOString(),
    };
  });
}

/** The agent's department channels (all of them for administrators), every ad-hoc channel, and their direct conversations. */
export async function listConversations(scope: AgentScope): Promise<TeamConversationDto[]> {
  const { em, agent } = scope;
  await ensureDepartmentChannels(em, scope.app.clock.now());
  const directIds = (await em.find(TeamMember, { agent: agent.agentId })).map((m) => m.conversation);
  const conversations = await em.find(
    TeamConversation,
    {
      $or: [
        agent.role === 'administrator' ? { kind: 'department' } : { kind: 'department', department: { $in: [...agent.departmentIds] } },
        { kind: 'channel' },
        { kind: 'direct', id: { $in: directIds } },
      ],
    },
    { orderBy: { id: QueryOrder.ASC } },
  );
  return present(em, agent, await loadMany(em, conversations));
}

export async function createChannel(scope: AgentScope, name: string): Promise<TeamConversationDto> {
  const now = scope.app.clock.now();
  const conversation = scope.em.create(TeamConversation, { kind: 'channel', name, department: null, directKey: null, createdByAgent: scope.agent.agentId, createdAt: now, lastMessageAt: null });
  await scope.em.flush();
  scope.em.create(TeamMember, { conversation: conversation.id, agent: scope.agent.agentId, lastReadMessageId: 0, joinedAt: now });
  await scope.em.flush();
  return (await present(scope.em, scope.agent, await loadMany(scope.em, [conversation])))[0]!;
}

export async function joinChannel(scope: AgentScope, id: number): Promise<TeamConversationDto> {
  const conversation = await scope.em.findOne(TeamConversation, { id });
  if (!conversation || !canJoinTeamConversation({ kind: conversation.kind, departmentId: null, memberAgentIds: [] })) throw conversationNotFound();
  const existing = await scope.em.findOne(TeamMember, { conversation: id, agent: scope.agent.agentId });
  if (!existing) {
    try {
      await scope.em.insert(TeamMember, { conversation: id, agent: scope.agent.agentId, lastReadMessageId: 0, joinedAt: scope.app.clock.now() });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
  return (await present(scope.em, scope.agent, await loadMany(scope.em, [conversation])))[0]!;
}

export async function leaveChannel(scope: AgentScope, id: number): Promise<void> {
  const { conversation } = await conversationForAgent(scope.em, scope.agent, id);
  if (!canJoinTeamConversation({ kind: conversation.kind, departmentId: null, memberAgentIds: [] })) {
    throw new DomainError(ErrorCodes.requestInvalid, 'Only ad-hoc channels can be left.');
  }
  await scope.em.nativeDelete(TeamMember, { conversation: id, agent: scope.agent.agentId });
}

export async function openDirect(scope: AgentScope, otherAgentId: number): Promise<TeamConversationDto> {
  const { em, agent } = scope;
  const key = directConversationKey(agent.agentId, otherAgentId);
  const other = await em.findOne(Agent, { id: otherAgentId, active: true });
  if (key === null || !other) throw notFound('Agent');
  let conversation = await em.findOne(TeamConversation, { directKey: key });
  if (!conversation) {
    const now = scope.app.clock.now();
    try {
      await em.transactional(async (tx) => {
        const created = tx.create(TeamConversation, { kind: 'direct', name: null, department: null, directKey: key, createdByAgent: agent.agentId, createdAt: now, lastMessageAt: null });
        await tx.flush();
        for (const id of [agent.agentId, otherAgentId]) tx.create(TeamMember, { conversation: created.id, agent: id, lastReadMessageId: 0, joinedAt: now });
        await tx.flush();
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    em.clear();
    conversation = await em.findOneOrFail(TeamConversation, { directKey: key });
  }
  return (await present(em, agent, await loadMany(em, [conversation])))[0]!;
}

async function attachmentsOfMessages(em: Em, messageIds: readonly number[]): Promise<Map<number, Attachment[]>> {
  const map = new Map<number, Attachment[]>();
  if (messageIds.length === 0) return map;
  const rows = await em.find(Attachment, { teamMessage: { $in: [...messageIds] } }, { orderBy: { createdAt: QueryOrder.ASC } });
  for (const row of rows) map.set(row.teamMessage!, [...(map.get(row.teamMessage!) ?? []), row]);
  return map;
}

export function presentTeamMessage(message: TeamMessage, attachments: readonly Attachment[]): TeamMessageDto {
  return {
    id: message.id,
    conversationId: message.conversation,
    authorAgentId: message.authorAgent ?? null,
    body: message.body,
    mentions: [...message.mentions],
    clientId: message.clientId ?? null,
    attachments: attachments.map(presentAttachment),
    ...(message.call && message.callId ? { call: { callId: message.callId, ...message.call, joinedAgentIds: [...message.call.joinedAgentIds] } } : {}),
    createdAt: message.createdAt.toISOString(),
  };
}

export async function loadTeamMessage(em: Em, id: number): Promise<TeamMessageDto | null> {
  const message = await em.findOne(TeamMessage, { id });
  if (!message) return null;
  return presentTeamMessage(message, (await attachmentsOfMessages(em, [id])).get(id) ?? []);
}

/** A page of history, newest first; the cursor is the oldest id shown. */
export async function history(scope: AgentScope, id: number, query: TeamHistoryQuery): Promise<{ items: TeamMessageDto[]; nextCursor: string | null }> {
  await conversationForAgent(scope.em, scope.agent, id);
  const rows = await scope.em.find(
    TeamMessage,
    { conversation: id, ...(query.before ? { id: { $lt: Number(query.before) } } : {}) },
    { orderBy: { id: QueryOrder.DESC }, limit: query.limit + 1 },
  );
  const page = rows.slice(0, query.limit);
  const attachments = await attachmentsOfMessages(scope.em, page.map((m) => m.id));
  return {
    items: page.map((m) => presentTeamMessage(m, attachments.get(m.id) ?? [])),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
  };
}

/** Moves an agent's read marker forward to a message (creating the marker if the agent has none yet). */
export async function moveReadMarker(em: Em, conversationId: number, agentId: number, messageId: number, now: Date): Promise<number> {
  const marker = await em.findOne(TeamMember, { conversation: conversationId, agent: agentId });
  if (marker) {
    marker.lastReadMessageId = nextReadMarker(marker.lastReadMessageId, messageId);
    await em.flush();
    return marker.lastReadMessageId;
  }
  try {
    await em.insert(TeamMember, { conversation: conversationId, agent: agentId, lastReadMessageId: messageId, joinedAt: now });
    return messageId;
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    return moveReadMarker(em, conversationId, agentId, messageId, now);
  }
}

export async function readState(em: Em, conversationId: number, agentId: number): Promise<TeamReadDto> {
  const marker = await em.findOne(TeamMember, { conversation: conversationId, agent: agentId });
  const counts = await unreadCounts(em, agentId, [conversationId]);
  return { conversationId, agentId, lastReadMessageId: marker?.lastReadMessageId ?? 0, unreadCount: counts.get(conversationId) ?? 0 };
}

/** Marks read up to a message of this conversation (the newest one at most); publishes `team.read`. */
export async function markRead(scope: AgentScope, id: number, messageId: number): Promise<TeamReadDto> {
  await conversationForAgent(scope.em, scope.agent, id);
  const newest = await scope.em.findOne(TeamMessage, { conversation: id, id: { $lte: messageId } }, { orderBy: { id: QueryOrder.DESC }, fields: ['id'] });
  if (newest) await moveReadMarker(scope.em, id, scope.agent.agentId, newest.id, scope.app.clock.now());
  const state = await readState(scope.em, id, scope.agent.agentId);
  scope.app.events.publish('team.read', { conversationId: id, agentId: scope.agent.agentId });
  return state;
}

/**
 * Stores a message (bound to its attachments, mentions checked against the members) in one transaction, then
 * publishes it. A retry with the same client id answers with the message stored the first time.
 */
export async function send(scope: AgentScope, input: TeamSendRequest): Promise<TeamMessageDto> {
  const { em, agent } = scope;
  const loaded = await conversationForAgent(em, agent, input.conversationId);
  const replay = await em.findOne(TeamMessage, { authorAgent: agent.agentId, clientId: input.clientId });
  if (replay) return replayOf(em, replay, input.conversationId);
  const now = scope.app.clock.now();
  let messageId: number;
  try {
    messageId = await em.transactional(async (tx) => {
      const message = tx.create(TeamMessage, {
        conversation: input.conversationId,
        authorAgent: agent.agentId,
        body: input.body,
        mentions: validMentions(input.mentions, loaded.memberIds, agent.agentId),
        clientId: input.clientId,
        createdAt: now,
      });
      await tx.flush();
      await bindTeamAttachments(tx, agent.agentId, message.id, input.attachmentIds);
      await tx.nativeUpdate(TeamConversation, { id: input.conversationId }, { lastMessageAt: now });
      // The author has read what they wrote.
      await moveReadMarker(tx, input.conversationId, agent.agentId, message.id, now);
      return message.id;
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    em.clear();
    const winner = await em.findOne(TeamMessage, { authorAgent: agent.agentId, clientId: input.clientId });
    if (!winner) throw error;
    return replayOf(em, winner, input.conversationId);
  }
  scope.app.events.publish('team.message_created', { conversationId: input.conversationId, messageId });
  em.clear();
  return (await loadTeamMessage(em, messageId))!;
}

async function replayOf(em: Em, message: TeamMessage, conversationId: number): Promise<TeamMessageDto> {
  if (message.conversation !== conversationId) throw new DomainError(ErrorCodes.conflict, 'This client id was already used for another message.');
  return (await loadTeamMessage(em, message.id))!;
}

/** Binds files the agent uploaded and has not used yet to the team message they were sent with. */
async function bindTeamAttachments(em: Em, agentId: number, messageId: number, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const rows = await em.find(Attachment, { id: { $in: unique }, uploadedByAgent: agentId, threadItem: null, teamMessage: null });
  if (rows.length !== unique.length) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'An attachment does not exist, is not yours, or is already used.', {
      missing: unique.filter((id) => !rows.some((r) => r.id === id)),
    });
  }
  for (const row of rows) row.teamMessage = messageId;
  await em.flush();
}

/** Whether the agent may download a file sent in a team conversation. */
export async function mayDownloadTeamAttachment(em: Em, agent: AgentPrincipal, messageId: number): Promise<boolean> {
  const message = await em.findOne(TeamMessage, { id: messageId }, { fields: ['id', 'conversation'] });
  if (!message) return false;
  try {
    await conversationForAgent(em, agent, message.conversation);
    return true;
  } catch {
    return false;
  }
}
