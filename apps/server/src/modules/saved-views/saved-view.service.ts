import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { assertCanAddSavedView, nextSavedViewPosition } from '@parley/domain';
import type { CreateSavedViewRequest, SavedViewDto, SavedViewFilters, UpdateSavedViewRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Agent } from '../agents/agent.entity.js';
import { countTickets } from '../tickets/ticket.repository.js';
import { SavedView } from './saved-view.entity.js';
import { presentSavedView, readFilters, writeFilters } from './saved-view.presenter.js';

/** A view with its live count: the ticket list's own filter code, so the list and the count cannot disagree. */
async function withCount(scope: AgentScope, view: SavedView, filters: SavedViewFilters = readFilters(view.filters)): Promise<SavedViewDto> {
  return presentSavedView(view, filters, await countTickets(scope.em, scope.agent, filters));
}

/** Only the owner's views exist for them: another agent's id answers not found, like an id that never was. */
async function ownView(em: Em, scope: AgentScope, id: number): Promise<SavedView> {
  const view = await em.findOne(SavedView, { id, agent: scope.agent.agentId });
  if (!view) throw notFound('Saved view');
  return view;
}

export async function listSavedViews(scope: AgentScope): Promise<SavedViewDto[]> {
  const views = await scope.em.find(SavedView, { agent: scope.agent.agentId }, { orderBy: { position: 'asc', id: 'asc' } });
  return Promise.all(views.map((view) => withCount(scope, view)));
}

export async function createSavedView(scope: AgentScope, input: CreateSavedViewRequest): Promise<SavedViewDto> {
  const at = scope.app.clock.now();
  const view = await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    // Two creations at once must not both pass the limit: on PostgreSQL the agent's row queues them; SQLite
    // runs write transactions one at a time.
    if (em.getPlatform() instanceof PostgreSqlPlatform) {
      await em.findOne(Agent, { id: scope.agent.agentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id'] });
    }
    const existing = await em.find(SavedView, { agent: scope.agent.agentId }, { fields: ['id', 'position'] });
    assertCanAddSavedView(existing.length);
    const view = em.create(SavedView, {
      agent: scope.agent.agentId,
      name: input.name,
      filters: writeFilters(input.filters),
      position: nextSavedViewPosition(existing.map((v) => v.position)),
      createdAt: at,
      updatedAt: at,
    });
    await em.flush();
    return view;
  });
  return withCount(scope, view, input.filters);
}

export async function updateSavedView(scope: AgentScope, id: number, input: UpdateSavedViewRequest): Promise<SavedViewDto> {
  const view = await ownView(scope.em, scope, id);
  if (input.name !== undefined) view.name = input.name;
  if (input.filters !== undefined) view.filters = writeFilters(input.filters);
  if (input.name !== undefined || input.filters !== undefined) view.updatedAt = scope.app.clock.now();
  await scope.em.flush();
  return withCount(scope, view);
}

export async function deleteSavedView(scope: AgentScope, id: number): Promise<void> {
  if ((await scope.em.nativeDelete(SavedView, { id, agent: scope.agent.agentId })) === 0) throw notFound('Saved view');
}
