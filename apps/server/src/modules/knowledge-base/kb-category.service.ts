import { auditDiff, type AuditSnapshot, type KbCategoryNames } from '@parley/domain';
import type { KbCategoryDto, KbCategoryRequest, UpdateKbCategoryRequest } from '@parley/protocol';
import type { AgentScope, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { changingHelpPages } from './help-page-changes.js';
import { notFound } from '../../http/http-error.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { KbCategory } from './knowledge-base.entity.js';
import { presentCategory } from './kb-presenter.js';

function snapshot(row: KbCategory): AuditSnapshot {
  return { names: Object.entries(row.names).map(([language, name]) => `${language}: ${name}`), description: row.description ?? null, position: row.position };
}

function cleanNames(names: Record<string, string | undefined>): KbCategoryNames {
  return Object.fromEntries(Object.entries(names).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')) as KbCategoryNames;
}

export async function listCategories(scope: Scope): Promise<{ items: KbCategoryDto[] }> {
  const rows = await scope.em.find(KbCategory, {}, { orderBy: { position: 'asc', id: 'asc' } });
  return { items: rows.map(presentCategory) };
}

export async function createCategory(scope: AgentScope, body: KbCategoryRequest): Promise<KbCategoryDto> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const last = await em.findOne(KbCategory, { id: { $gt: 0 } }, { orderBy: { position: 'desc' }, fields: ['position'] });
    const row = em.create(KbCategory, { names: cleanNames(body.names), description: body.description ?? null, position: body.position ?? (last ? last.position + 1 : 0) });
    await em.flush();
    await recordAudit(scope, em, 'kb_category.created', { type: 'kb_category', id: row.id, label: labelOf(row) }, auditDiff(null, snapshot(row)));
    return presentCategory(row);
  }));
}

export async function updateCategory(scope: AgentScope, id: number, body: UpdateKbCategoryRequest): Promise<KbCategoryDto> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(KbCategory, { id });
    if (!row) throw notFound(`Category ${id}`);
    const before = snapshot(row);
    if (body.names !== undefined) row.names = cleanNames(body.names);
    if (body.description !== undefined) row.description = body.description;
    if (body.position !== undefined) row.position = body.position;
    await em.flush();
    await recordAudit(scope, em, 'kb_category.updated', { type: 'kb_category', id, label: labelOf(row) }, auditDiff(before, snapshot(row)));
    return presentCategory(row);
  }));
}

/** Its articles stay, uncategorised (the foreign key sets null). */
export async function deleteCategory(scope: AgentScope, id: number): Promise<{ ok: true }> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(KbCategory, { id });
    if (!row) throw notFound(`Category ${id}`);
    await recordAudit(scope, em, 'kb_category.deleted', { type: 'kb_category', id, label: labelOf(row) }, auditDiff(snapshot(row), null));
    await em.nativeDelete(KbCategory, { id });
    return { ok: true as const };
  }));
}

function labelOf(row: KbCategory): string {
  return Object.values(row.names)[0] ?? `#${row.id}`;
}
