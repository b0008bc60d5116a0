import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { recordPresence } from '../statistics/presence-time.js';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  agentUpdateAction,
  assertCustomStatusBase,
  auditDiff,
  DomainError,
  emptyStatusCounts,
  ErrorCodes,
  readNotificationSettings,
  renderCannedResponse,
  unknownPlaceholders,
  CANNED_PLACEHOLDERS,
  SLA_AT_RISK_MS,
  type StatusCounts,
} from '@parley/domain';
import type {
  AgentDto,
  Api,
  BodyOf,
  CannedResponseDto,
  CannedResponseRequest,
  CreatedAgent,
  CustomStatusDto,
  CustomStatusRequest,
  DepartmentDto,
  DepartmentOverview,
  ListQuery,
  UpdateAgentRequest,
  UpdateCannedResponseRequest,
  UpdateCustomStatusRequest,
  UpdateMeRequest,
} from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { afterIdCursor, containsText, pageById } from '../../db/list-filters.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { createDepartmentChannel } from '../team-chat/team-chat.service.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { announceRevoked, revokeAgentCredentials } from '../agents/revocation.js';
import { activeMembersByDepartment, departmentIdsByAgent } from '../agents/agent.repository.js';
import { presentAgent } from '../agents/agent.presenter.js';
import { issueInvitation, NO_PASSWORD } from '../agents/invitation.service.js';
import { hashPassword } from '../agents/secrets.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { placeholderValues } from '../tickets/placeholder-values.js';
import { findTicketForAgent, slaCountsByDepartment, ticketCountsByDepartment } from '../tickets/ticket.repository.js';
import { CannedResponse } from './canned-response.entity.js';
import { CustomStatus } from './custom-status.entity.js';
import { Department } from './department.entity.js';
import { presentCannedResponse, presentCustomStatus, presentDepartment } from './organisation.presenter.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { agentSnapshot, cannedResponseSnapshot, customStatusSnapshot, departmentSnapshot } from '../audit-log/audit-snapshots.js';

type CreateAgentInput = BodyOf<Api['createAgent']>;

// ---- departments

export async function listDepartments(scope: AgentScope): Promise<DepartmentDto[]> {
  return (await scope.em.find(Department, {}, { orderBy: { name: 'asc', id: 'asc' } })).map(presentDepartment);
}

export async function createDepartment(scope: AgentScope, name: string): Promise<DepartmentDto> {
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const department = em.create(Department, { name });
    await em.flush();
    createDepartmentChannel(em, department.id, scope.app.clock.now());
    await recordAudit(scope, em, 'department.created', { type: 'department', id: department.id, label: name }, auditDiff(null, departmentSnapshot(department)));
    await em.flush();
    return presentDepartment(department);
  });
}

export async function renameDepartment(scope: AgentScope, id: number, name: string): Promise<DepartmentDto> {
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const department = await em.findOne(Department, { id });
    if (!department) throw notFound('Department');
    const before = departmentSnapshot(department);
    department.name = name;
    await recordAudit(scope, em, 'department.updated', { type: 'department', id, label: name }, auditDiff(before, departmentSnapshot(department)));
    await em.flush();
    return presentDepartment(department);
  });
}

/**
 * Every department at a glance for the asking agent: the tickets they may see there by status (one grouped
 * query), and the department's active members, whom the console pairs with presence.
 */
export async function departmentOverview(scope: AgentScope): Promise<DepartmentOverview> {
  const [departments, counts, members, sla] = await Promise.all([
    scope.em.find(Department, {}, { orderBy: { name: 'asc', id: 'asc' }, fields: ['id'] }),
    ticketCountsByDepartment(scope.em, scope.agent),
    activeMembersByDepartment(scope.em),
    slaCountsByDepartment(scope.em, scope.agent, scope.app.clock.now(), SLA_AT_RISK_MS),
  ]);
  const byDepartment = new Map<number | null, StatusCounts>();
  for (const row of counts) {
    const entry = byDepartment.get(row.departmentId) ?? emptyStatusCounts();
    entry[row.status] += row.count;
    byDepartment.set(row.departmentId, entry);
  }
  return {
    items: departments.map((d) => ({ departmentId: d.id, counts: byDepartment.get(d.id) ?? emptyStatusCounts(), agentIds: members.get(d.id) ?? [], sla: sla.get(d.id) ?? { atRisk: 0, breached: 0 } })),
    unassigned: byDepartment.get(null) ?? emptyStatusCounts(),
  };
}

async function assertDepartmentsExist(em: Em, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await em.count(Department, { id: { $in: unique } });
  if (found !== unique.length) throw new DomainError(ErrorCodes.notFound, 'A department does not exist.', { departmentIds: unique });
}

// ---- agents

export async function listAgents(scope: AgentScope): Promise<AgentDto[]> {
  const agents = await scope.em.find(Agent, {}, { orderBy: { name: 'asc', id: 'asc' } });
  const departments = await departmentIdsByAgent(scope.em, agents.map((a) => a.id));
  return agents.map((a) => presentAgent(a, departments.get(a.id) ?? []));
}

/**
 * Adds an agent. With a password they can sign in at once; without one they are invited: only the hash of a
 * one-time token is stored, and the link is returned this once for the administrator to hand over.
 */
export async function createAgent(scope: AgentScope, input: CreateAgentInput): Promise<CreatedAgent> {
  const invitation = input.password === undefined ? issueInvitation(scope.app) : null;
  const passwordHash = input.password === undefined ? NO_PASSWORD : await hashPassword(input.password);
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await assertDepartmentsExist(em, input.departmentIds);
    if ((await em.count(Agent, { email: input.email })) > 0) {
      throw new DomainError(ErrorCodes.conflict, 'An agent with this email already exists.', { email: input.email });
    }
    const agent = em.create(Agent, {
      name: input.name,
      email: input.email,
      passwordHash,
      role: input.role,
      active: true,
      locale: input.locale,
      ...(input.maxConcurrentChats !== undefined ? { maxConcurrentChats: input.maxConcurrentChats } : {}),
      invitationTokenHash: invitation?.invitationTokenHash ?? null,
      invitationExpiresAt: invitation?.invitationExpiresAt ?? null,
    });
    await em.flush();
    const departmentIds = [...new Set(input.departmentIds)];
    for (const department of departmentIds) em.create(AgentDepartment, { agent: agent.id, department });
    const action = invitation ? 'agent.invited' : 'agent.created';
    await recordAudit(scope, em, action, { type: 'agent', id: agent.id, label: agent.name }, auditDiff(null, agentSnapshot(agent, departmentIds)));
    await em.flush();
    return { ...presentAgent(agent, departmentIds.sort((a, b) => a - b)), invitationUrl: invitation?.url ?? null, invitationExpiresAt: invitation?.invitationExpiresAt.toISOString() ?? null };
  });
}

/**
 * The active administrators' ids. On PostgreSQL their rows stay locked until the transaction ends, taken in
 * id order so that two administrators demoting each other at the same moment queue instead of deadlocking,
 * and the second then sees the first's change; SQLite runs write transactions one at a time.
 */
async function activeAdministratorIds(em: Em): Promise<number[]> {
  const pessimistic = em.getPlatform() instanceof PostgreSqlPlatform;
  const rows = await em.find(
    Agent,
    { role: 'administrator', active: true },
    { orderBy: { id: 'asc' }, ...(pessimistic ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) },
  );
  return rows.map((a) => a.id);
}

/** Changing role, departments, chat capacity or activity; the last active administrator can be neither demoted nor deactivated. */
export async function updateAgent(scope: AgentScope, id: number, input: UpdateAgentRequest): Promise<AgentDto> {
  const updated = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const demotes = (input.role !== undefined && input.role !== 'administrator') || input.active === false;
    // Locked before the agent is read, so the check below sees every concurrent demotion that committed first.
    const administrators = demotes ? await activeAdministratorIds(em) : [];
    const agent = await em.findOne(Agent, { id });
    if (!agent) throw notFound('Agent');
    if (demotes && administrators.includes(id) && administrators.length === 1) {
      throw new DomainError(ErrorCodes.agentLastAdministrator, 'At least one active administrator must remain.');
    }
    // Read past the identity map: memberships loaded here would shadow the ones re-created below.
    const memberships = await em.find(AgentDepartment, { agent: id }, { disableIdentityMap: true });
    const before = agentSnapshot(agent, memberships.map((m) => m.department));
    if (input.name !== undefined) agent.name = input.name;
    if (input.role !== undefined) agent.role = input.role;
    if (input.locale !== undefined) agent.locale = input.locale;
    if (input.active !== undefined) agent.active = input.active;
    if (input.maxConcurrentChats !== undefined) agent.maxConcurrentChats = input.maxConcurrentChats;
    if (input.departmentIds !== undefined) {
      await assertDepartmentsExist(em, input.departmentIds);
      await em.nativeDelete(AgentDepartment, { agent: id });
      for (const department of new Set(input.departmentIds)) em.create(AgentDepartment, { agent: id, department });
    }
    // A deactivated agent is signed out everywhere at once, and their API tokens are gone for good.
    if (input.active === false) await revokeAgentCredentials(em, id, null);
    await em.flush();
    const departments = (await departmentIdsByAgent(em, [id])).get(id) ?? [];
    const changes = auditDiff(before, agentSnapshot(agent, departments));
    await recordAudit(scope, em, agentUpdateAction(changes), { type: 'agent', id, label: agent.name }, changes);
    await em.flush();
    return presentAgent(agent, departments);
  });
  if (input.active === false) announceRevoked(scope.app, id, { kind: 'all', exceptSessionId: null });
  if (input.role !== undefined || input.active !== undefined || input.departmentIds !== undefined) {
    scope.app.events.publish('agent.access_changed', { agentId: id });
  } else if (input.maxConcurrentChats !== undefined) {
    // More room may let waiting chats ring for this agent (less room stops nothing already taken).
    scope.app.chatRouter.inBackground('capacity changed', () => scope.app.chatRouter.offerAllPending());
  }
  return updated;
}

export async function updateMe(scope: AgentScope, input: UpdateMeRequest): Promise<AgentDto> {
  const agent = await scope.em.findOneOrFail(Agent, { id: scope.agent.agentId });
  if (input.name !== undefined) agent.name = input.name;
  if (input.locale !== undefined) agent.locale = input.locale;
  const availabilityChanged = input.availability !== undefined && input.availability !== agent.availability;
  if (input.availability !== undefined) agent.availability = input.availability;
  if (input.emailNotifications !== undefined) {
    const changes = Object.fromEntries(Object.entries(input.emailNotifications).filter(([, on]) => on !== undefined));
    agent.emailNotifications = { ...readNotificationSettings(agent.emailNotifications), ...changes };
  }
  if (availabilityChanged) {
    // Their time online and away changes with it, in the same transaction.
    await scope.em.transactional(async (tx) => {
      await recordPresence(tx as Em, agent.id, agent.availability, scope.app.clock.now());
    });
  } else await scope.em.flush();
  if (availabilityChanged) scope.app.events.publish('agent.availability_changed', { agentId: agent.id });
  return presentAgent(agent, [...scope.agent.departmentIds]);
}

// ---- custom statuses

export async function listCustomStatuses(scope: AgentScope): Promise<CustomStatusDto[]> {
  return (await scope.em.find(CustomStatus, {}, { orderBy: { id: 'asc' } })).map(presentCustomStatus);
}

export async function createCustomStatus(scope: AgentScope, input: CustomStatusRequest): Promise<CustomStatusDto> {
  assertCustomStatusBase(input.baseStatus);
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const status = em.create(CustomStatus, { name: input.name, baseStatus: input.baseStatus });
    await em.flush();
    await recordAudit(scope, em, 'custom_status.created', { type: 'custom_status', id: status.id, label: status.name }, auditDiff(null, customStatusSnapshot(status)));
    return presentCustomStatus(status);
  });
}

export async function updateCustomStatus(scope: AgentScope, id: number, input: UpdateCustomStatusRequest): Promise<CustomStatusDto> {
  return scope.em.transactional(async (tx) => {
    const status = await tx.findOne(CustomStatus, { id });
    if (!status) throw notFound('Custom status');
    const before = customStatusSnapshot(status);
    if (input.baseStatus !== undefined && input.baseStatus !== status.baseStatus) {
      assertCustomStatusBase(input.baseStatus);
      // Tickets carry the base status beside the custom one; remapping a status in use would split them.
      if ((await tx.count(Ticket, { customStatusId: id })) > 0) {
        throw new DomainError(ErrorCodes.statusInUse, 'Tickets carry this status; its base cannot change.');
      }
      status.baseStatus = input.baseStatus;
    }
    if (input.name !== undefined) status.name = input.name;
    await recordAudit(scope, tx as Em, 'custom_status.updated', { type: 'custom_status', id, label: status.name }, auditDiff(before, customStatusSnapshot(status)));
    await tx.flush();
    return presentCustomStatus(status);
  });
}

export async function deleteCustomStatus(scope: AgentScope, id: number): Promise<void> {
  await scope.em.transactional(async (tx) => {
    const status = await tx.findOne(CustomStatus, { id });
    if (!status) throw notFound('Custom status');
    if ((await tx.count(Ticket, { customStatusId: id })) > 0) {
      throw new DomainError(ErrorCodes.statusInUse, 'Tickets carry this status; move them to another first.');
    }
    await recordAudit(scope, tx as Em, 'custom_status.deleted', { type: 'custom_status', id, label: status.name }, auditDiff(customStatusSnapshot(status), null));
    tx.remove(status);
  });
}

// ---- canned responses

/** A canned response for one department is offered to that department's agents (and administrators); one without a department to all. */
function cannedResponsesFor(agent: AgentScope['agent']): FilterQuery<CannedResponse> {
  if (agent.role === 'administrator') return {};
  return { $or: [{ department: null }, ...(agent.departmentIds.length > 0 ? [{ department: { $in: [...agent.departmentIds] } }] : [])] };
}

export async function listCannedResponses(scope: AgentScope, query: ListQuery): Promise<{ items: CannedResponseDto[]; nextCursor: string | null }> {
  const and: FilterQuery<CannedResponse>[] = [cannedResponsesFor(scope.agent)];
  if (query.q) and.push({ $or: [containsText('title', query.q), containsText('body', query.q)] });
  const after = afterIdCursor(query.cursor);
  if (after) and.push(after);
  const rows = await scope.em.find(CannedResponse, { $and: and }, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
  const page = pageById(rows, query.limit);
  return { items: page.rows.map(presentCannedResponse), nextCursor: page.nextCursor };
}

/** A response whose text has a placeholder Parley would not fill is refused, naming them: it would reach the customer as written. */
function assertPlaceholdersKnown(body: string | undefined): void {
  const unknown = body === undefined ? [] : unknownPlaceholders(body);
  if (unknown.length > 0) {
    throw new DomainError(ErrorCodes.cannedPlaceholderUnknown, `Unknown placeholder(s): ${unknown.join(', ')}. Known ones: ${CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`, {
      unknown,
      known: [...CANNED_PLACEHOLDERS],
    });
  }
}

export async function createCannedResponse(scope: AgentScope, input: CannedResponseRequest): Promise<CannedResponseDto> {
  assertPlaceholdersKnown(input.body);
  await assertDepartmentsExist(scope.em, input.departmentId ? [input.departmentId] : []);
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = em.create(CannedResponse, { title: input.title, body: input.body, department: input.departmentId ?? null });
    await em.flush();
    await recordAudit(scope, em, 'canned_response.created', { type: 'canned_response', id: row.id, label: row.title }, auditDiff(null, cannedResponseSnapshot(row)));
    return presentCannedResponse(row);
  });
}

export async function updateCannedResponse(scope: AgentScope, id: number, input: UpdateCannedResponseRequest): Promise<CannedResponseDto> {
  const row = await scope.em.findOne(CannedResponse, { id });
  if (!row) throw notFound('Canned response');
  assertPlaceholdersKnown(input.body);
  if (input.departmentId) await assertDepartmentsExist(scope.em, [input.departmentId]);
  const before = cannedResponseSnapshot(row);
  if (input.title !== undefined) row.title = input.title;
  if (input.body !== undefined) row.body = input.body;
  if (input.departmentId !== undefined) row.department = input.departmentId;
  // One flush: the change and its entry are written in the same transaction.
  await recordAudit(scope, scope.em, 'canned_response.updated', { type: 'canned_response', id, label: row.title }, auditDiff(before, cannedResponseSnapshot(row)));
  await scope.em.flush();
  return presentCannedResponse(row);
}

export async function deleteCannedResponse(scope: AgentScope, id: number): Promise<void> {
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(CannedResponse, { id });
    if (!row) throw notFound('Canned response');
    await recordAudit(scope, em, 'canned_response.deleted', { type: 'canned_response', id, label: row.title }, auditDiff(cannedResponseSnapshot(row), null));
    em.remove(row);
  });
}

/** Fills a canned response's placeholders for one ticket the agent may see. */
export async function renderCannedResponseFor(scope: AgentScope, id: number, ticketId: number): Promise<{ text: string }> {
  const canned = await scope.em.findOne(CannedResponse, { $and: [{ id }, cannedResponsesFor(scope.agent)] });
  if (!canned) throw notFound('Canned response');
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  return { text: renderCannedResponse(canned.body, await placeholderValues(scope.em, scope.agent.agentId, ticket)) };
}

