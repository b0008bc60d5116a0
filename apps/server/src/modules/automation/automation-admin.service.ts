import {
  type AuditAction,
  auditDiff,
  automationRuleProblems,
  type AutomationRuleShape,
  DomainError,
  ErrorCodes,
  explainTimeRule,
  explainTrigger,
  isOpenAt,
  reorderedPositions,
  type Trigger,
  type TriggerEvent,
} from '@parley/domain';
import type {
  ReorderRulesRequest,
  RulePreviewDto,
  TimeRuleDto,
  TimeRuleRequest,
  TriggerDto,
  TriggerRequest,
  UpdateTimeRuleRequest,
  UpdateTriggerRequest,
} from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { anchorsOf } from '../../jobs/time-rules.job.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { triggerTicket } from './apply-triggers.js';
import { TimeRule, TimeRuleFiring, TriggerRule } from './automation.entity.js';
import { assertReferencesExist } from './rule-references.js';

type RuleKind = 'trigger' | 'time_rule';
type RuleRow = TriggerRule | TimeRule;

// ---- triggers

export async function listTriggers(scope: AgentScope): Promise<TriggerDto[]> {
  return (await scope.em.find(TriggerRule, {}, { orderBy: { position: 'asc', id: 'asc' } })).map(presentTrigger);
}

export async function createTrigger(scope: AgentScope, input: TriggerRequest): Promise<TriggerDto> {
  const row = await createRule(scope, 'trigger', input, (em, position) => em.create(TriggerRule, { ...input, position, updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() }));
  return presentTrigger(row as TriggerRule);
}

export async function updateTrigger(scope: AgentScope, id: number, input: UpdateTriggerRequest): Promise<TriggerDto> {
  return presentTrigger((await updateRule(scope, 'trigger', id, input)) as TriggerRule);
}

export const deleteTrigger = (scope: AgentScope, id: number) => deleteRule(scope, 'trigger', id);
export const reorderTriggers = async (scope: AgentScope, input: ReorderRulesRequest) => ((await reorderRules(scope, 'trigger', input)) as TriggerRule[]).map(presentTrigger);

/** Whether the rule as written listens to the event and which of its conditions hold on the ticket now. */
export async function previewTrigger(scope: AgentScope, ticketId: number, event: TriggerEvent, rule: TriggerRequest): Promise<RulePreviewDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  const trigger: Trigger = { id: 0, ...rule };
  const context = {
    event,
    ticket: await triggerTicket(scope.em, ticket),
    message: null,
    withinBusinessHours: isOpenAt(scope.app.serviceLevels.calendarFor(ticket.departmentId ?? null), scope.app.clock.now().getTime()),
    firedInChain: [],
    depth: 0,
    firingsLastHour: 0,
  };
  const explained = explainTrigger(trigger, context);
  const acts = explained.listens && explained.holds && !context.ticket.internal;
  return { ...explained, conditions: [...explained.conditions], holdsFrom: null, alreadyActed: false, wouldDo: acts ? rule.actions.filter((action) => action.type !== 'stop') : [] };
}

// ---- time rules

export async function listTimeRules(scope: AgentScope): Promise<TimeRuleDto[]> {
  return (await scope.em.find(TimeRule, {}, { orderBy: { position: 'asc', id: 'asc' } })).map(presentTimeRule);
}

export async function createTimeRule(scope: AgentScope, input: TimeRuleRequest): Promise<TimeRuleDto> {
  const row = await createRule(scope, 'time_rule', input, (em, position) => em.create(TimeRule, { ...input, position, updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() }));
  return presentTimeRule(row as TimeRule);
}

export async function updateTimeRule(scope: AgentScope, id: number, input: UpdateTimeRuleRequest): Promise<TimeRuleDto> {
  return presentTimeRule((await updateRule(scope, 'time_rule', id, input)) as TimeRule);
}

export const deleteTimeRule = (scope: AgentScope, id: number) => deleteRule(scope, 'time_rule', id);
export const reorderTimeRules = async (scope: AgentScope, input: ReorderRulesRequest) => ((await reorderRules(scope, 'time_rule', input)) as TimeRule[]).map(presentTimeRule);

/** When the rule's time condition holds on the ticket, which conditions hold now, and whether it acted in this window already. */
export async function previewTimeRule(scope: AgentScope, ticketId: number, ruleId: number | undefined, rule: TimeRuleRequest): Promise<RulePreviewDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  const now = scope.app.clock.now().getTime();
  const calendar = scope.app.serviceLevels.calendarFor(ticket.departmentId ?? null);
  const verdict = explainTimeRule(rule, await triggerTicket(scope.em, ticket), anchorsOf(ticket), calendar, now, isOpenAt(calendar, now));
  const { window, timeHolds } = verdict;
  const alreadyActed = ruleId !== undefined && window !== null && (await scope.em.count(TimeRuleFiring, { rule: ruleId, ticket: ticketId, windowKey: window.key })) > 0;
  const acts = verdict.holds && !alreadyActed;
  return {
    listens: timeHolds,
    conditions: [...verdict.conditions],
    holds: verdict.conditions.every(Boolean),
    holdsFrom: window === null ? null : new Date(window.holdsFrom).toISOString(),
    alreadyActed,
    wouldDo: acts ? rule.actions.filter((action) => action.type !== 'stop') : [],
  };
}

// ---- shared: both kinds of rule are ordered, audited lists that the running instances reload on change

const entityOf = (kind: RuleKind) => (kind === 'trigger' ? TriggerRule : TimeRule);
const labelOf = (kind: RuleKind) => (kind === 'trigger' ? 'Trigger' : 'Time rule');

async function createRule(scope: AgentScope, kind: RuleKind, input: AutomationRuleShape, create: (em: Em, position: number) => RuleRow): Promise<RuleRow> {
  assertRule(input);
  const row = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await assertReferencesExist(em, input);
    const [last] = await em.find(entityOf(kind) as typeof TriggerRule, {}, { orderBy: { position: 'desc' }, fields: ['position'], limit: 1 });
    const created = create(em, (last?.position ?? 0) + 1);
    await em.flush();
    await recordAudit(scope, em, `${kind}.created` as AuditAction, { type: kind, id: created.id, label: created.name }, auditDiff(null, snapshotOf(created)));
    return created;
  });
  await rulesChanged(scope, kind);
  return row;
}

async function updateRule(scope: AgentScope, kind: RuleKind, id: number, input: UpdateTriggerRequest | UpdateTimeRuleRequest): Promise<RuleRow> {
  const row = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const found = (await em.findOne(entityOf(kind) as typeof TriggerRule, { id })) as RuleRow | null;
    if (!found) throw notFound(labelOf(kind));
    const before = snapshotOf(found);
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const next = { ...found, ...changes } as RuleRow;
    assertRule(next);
    await assertReferencesExist(em, { conditions: 'conditions' in changes ? next.conditions : [], actions: 'actions' in changes ? next.actions : [] });
    Object.assign(found, changes, { updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() });
    await recordAudit(scope, em, `${kind}.updated` as AuditAction, { type: kind, id, label: found.name }, auditDiff(before, snapshotOf(found)));
    await em.flush();
    return found;
  });
  await rulesChanged(scope, kind);
  return row;
}

async function deleteRule(scope: AgentScope, kind: RuleKind, id: number): Promise<void> {
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const found = (await em.findOne(entityOf(kind) as typeof TriggerRule, { id })) as RuleRow | null;
    if (!found) throw notFound(labelOf(kind));
    await recordAudit(scope, em, `${kind}.deleted` as AuditAction, { type: kind, id, label: found.name }, auditDiff(snapshotOf(found), null));
    em.remove(found);
  });
  await rulesChanged(scope, kind);
}

async function reorderRules(scope: AgentScope, kind: RuleKind, input: ReorderRulesRequest): Promise<RuleRow[]> {
  const rows = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const all = (await em.find(entityOf(kind) as typeof TriggerRule, {}, { orderBy: { position: 'asc', id: 'asc' } })) as RuleRow[];
    const before = all.map((row) => row.id);
    const positions = reorderedPositions(before, input.ids);
    if (!positions) throw new DomainError(ErrorCodes.requestInvalid, 'ids: name every rule once.', { expected: before });
    const now = scope.app.clock.now();
    for (const row of all) {
      row.position = positions.get(row.id)!;
      row.updatedAt = now;
    }
    await recordAudit(scope, em, `${kind}.reordered` as AuditAction, { type: kind, id: input.ids[0]!, label: 'order' }, { order: { from: before, to: [...input.ids] } });
    await em.flush();
    return [...all].sort((a, b) => a.position - b.position);
  });
  await rulesChanged(scope, kind);
  return rows;
}

/** Triggers are held in memory: reload them here at once (other instances follow at their next tick). Time rules are read by each sweep. */
async function rulesChanged(scope: AgentScope, kind: RuleKind): Promise<void> {
  if (kind === 'trigger') await scope.app.automation.load();
}

function assertRule(rule: AutomationRuleShape): void {
  const problems = automationRuleProblems(rule);
  if (problems.length > 0) throw new DomainError(ErrorCodes.automationRuleInvalid, `The rule cannot be saved: ${problems.map((p) => p.code).join(', ')}.`, { problems });
}

function snapshotOf(row: RuleRow) {
  return {
    name: row.name,
    enabled: row.enabled,
    ...('events' in row ? { events: [...row.events], match: row.match } : { time: JSON.stringify(row.time) }),
    conditions: JSON.stringify(row.conditions),
    actions: JSON.stringify(row.actions),
  };
}

const stamp = (row: RuleRow) => ({ id: row.id, position: row.position, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy ?? null });

function presentTrigger(row: TriggerRule): TriggerDto {
  return { ...stamp(row), name: row.name, enabled: row.enabled, events: [...row.events], match: row.match, conditions: row.conditions as TriggerDto['conditions'], actions: row.actions as TriggerDto['actions'] };
}

function presentTimeRule(row: TimeRule): TimeRuleDto {
  return { ...stamp(row), name: row.name, enabled: row.enabled, time: row.time as TimeRuleDto['time'], conditions: row.conditions as TimeRuleDto['conditions'], actions: row.actions as TimeRuleDto['actions'] };
}
