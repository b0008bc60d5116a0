import type { AutoAssignmentMode, Trigger, TriggerEvent } from '@parley/domain';
import type { Em, Orm } from '../../db/orm.js';
import { DepartmentAutoAssignment, TriggerRule } from './automation.entity.js';

export interface AutoAssignmentSetting {
  readonly mode: Exclude<AutoAssignmentMode, 'off'>;
  readonly maxOpenTickets: number;
}

/**
 * The enabled triggers, held in memory so that an event no rule listens to costs no SQL statement at all
 * (replies and visitor messages are counted statement by statement). A change on this instance reloads at
 * once; other instances see it at their next `refresh()` (the scheduler's tick), which reads one aggregate
 * row and reloads only when it differs: the same way every instance learns of a change without a broker.
 */
export class AutomationRules {
  #triggers: readonly Trigger[] = [];
  #events = new Set<TriggerEvent>();
  #assignment = new Map<number, AutoAssignmentSetting>();
  #stamp: string | null = null;

  constructor(private readonly orm: Orm) {}

  /** The enabled triggers in their order (for one event, use `listensTo` first: it costs nothing). */
  get triggers(): readonly Trigger[] {
    return this.#triggers;
  }

  listensTo(event: TriggerEvent): boolean {
    return this.#events.has(event);
  }

  /** Whether any enabled trigger listens to any of the events. */
  listensToAny(events: Iterable<TriggerEvent>): boolean {
    for (const event of events) if (this.#events.has(event)) return true;
    return false;
  }

  /** A department's auto-assignment of new email, web-form and API tickets; undefined when it is off. */
  autoAssignmentOf(departmentId: number | null): AutoAssignmentSetting | undefined {
    return departmentId === null ? undefined : this.#assignment.get(departmentId);
  }

  /** Reads every trigger and assignment setting; called at start and after a change made here. */
  async load(em: Em = this.orm.em.fork() as Em): Promise<void> {
    const [rows, settings] = await Promise.all([em.find(TriggerRule, {}, { orderBy: { position: 'asc', id: 'asc' } }), em.find(DepartmentAutoAssignment, {})]);
    this.#triggers = rows.filter((row) => row.enabled).map(toTrigger);
    this.#events = new Set(this.#triggers.flatMap((trigger) => trigger.events));
    this.#assignment = new Map(settings.flatMap((row) => (row.mode === 'off' ? [] : [[row.department, { mode: row.mode, maxOpenTickets: row.maxOpenTickets }] as const])));
    this.#stamp = stampOf(rows, settings);
  }

  /** Reloads when another instance changed the rules since the last load. */
  async refresh(): Promise<void> {
    const em = this.orm.em.fork() as Em;
    const [rows, settings] = await Promise.all([em.find(TriggerRule, {}, { fields: ['id', 'updatedAt'] }), em.find(DepartmentAutoAssignment, {})]);
    if (stampOf(rows, settings) !== this.#stamp) await this.load(em);
  }
}

function stampOf(rows: readonly Pick<TriggerRule, 'id' | 'updatedAt'>[], settings: readonly Pick<DepartmentAutoAssignment, 'department' | 'updatedAt'>[]): string {
  let newest = 0;
  let ids = 0;
  for (const row of rows) {
    newest = Math.max(newest, row.updatedAt.getTime());
    ids += row.id;
  }
  for (const row of settings) {
    newest = Math.max(newest, row.updatedAt.getTime());
    ids += row.department * 7;
  }
  return `${rows.length}:${settings.length}:${ids}:${newest}`;
}

export function toTrigger(row: TriggerRule): Trigger {
  return { id: row.id, name: row.name, enabled: row.enabled, events: row.events, match: row.match, conditions: row.conditions, actions: row.actions };
}
