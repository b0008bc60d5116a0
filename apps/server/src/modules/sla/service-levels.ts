import { ALWAYS_OPEN, type BusinessCalendar, type SlaPolicy } from '@parley/domain';
import type { Em, Orm } from '../../db/orm.js';
import { BusinessCalendarRecord, DepartmentCalendar, SlaPolicyRecord } from './sla.entity.js';

/**
 * The service-level policies and business calendars, held in memory: every write to a ticket consults them
 * (modules/sla/sla-on-write.ts), so with no policy a write costs nothing more, and with some it costs no
 * extra statement. A change on this instance reloads at once; other instances see it at their next
 * `refresh()` (the scheduler's tick), which reads the rows' stamps and reloads only when they differ.
 */
export class ServiceLevels {
  #policies: readonly SlaPolicy[] = [];
  #calendars = new Map<number, BusinessCalendar>();
  #defaultCalendar: BusinessCalendar = ALWAYS_OPEN;
  #departmentCalendars = new Map<number, number>();
  #stamp: string | null = null;

  constructor(private readonly orm: Orm) {}

  /** The enabled policies, first match wins. */
  get policies(): readonly SlaPolicy[] {
    return this.#policies;
  }

  /** Whether any policy is on: without one, tickets carry no schedule and writes skip the work. */
  get active(): boolean {
    return this.#policies.length > 0;
  }

  /** Whether a policy looks at the contact's company (then a write may need to read it). */
  get needsCompany(): boolean {
    return this.#policies.some((policy) => policy.conditions.companyIds.length > 0);
  }

  /** The calendar a department works by: its own, else the default one, else always open. */
  calendarFor(departmentId: number | null): BusinessCalendar {
    const own = departmentId === null ? undefined : this.#departmentCalendars.get(departmentId);
    return (own !== undefined ? this.#calendars.get(own) : undefined) ?? this.#defaultCalendar;
  }

  async load(em: Em = this.orm.em.fork() as Em): Promise<void> {
    const [policies, calendars, departments] = await Promise.all([
      em.find(SlaPolicyRecord, {}, { orderBy: { position: 'asc', id: 'asc' } }),
      em.find(BusinessCalendarRecord, {}, { orderBy: { id: 'asc' } }),
      em.find(DepartmentCalendar, {}),
    ]);
    this.#policies = policies.filter((row) => row.enabled).map(toSlaPolicy);
    this.#calendars = new Map(calendars.map((row) => [row.id, toCalendar(row)]));
    const fallback = calendars.find((row) => row.isDefault);
    this.#defaultCalendar = fallback ? toCalendar(fallback) : ALWAYS_OPEN;
    this.#departmentCalendars = new Map(departments.map((row) => [row.department, row.calendar]));
    this.#stamp = stampOf(policies, calendars, departments);
  }

  /** Reloads when another instance changed policies or calendars since the last load. */
  async refresh(): Promise<boolean> {
    const em = this.orm.em.fork() as Em;
    const [policies, calendars, departments] = await Promise.all([
      em.find(SlaPolicyRecord, {}, { fields: ['id', 'updatedAt'] }),
      em.find(BusinessCalendarRecord, {}, { fields: ['id', 'updatedAt'] }),
      em.find(DepartmentCalendar, {}),
    ]);
    if (stampOf(policies, calendars, departments) === this.#stamp) return false;
    await this.load(em);
    return true;
  }
}

function stampOf(
  policies: readonly Pick<SlaPolicyRecord, 'id' | 'updatedAt'>[],
  calendars: readonly Pick<BusinessCalendarRecord, 'id' | 'updatedAt'>[],
  departments: readonly DepartmentCalendar[],
): string {
  const part = (rows: readonly { id: number; updatedAt: Date }[]) => `${rows.length}:${rows.reduce((sum, row) => sum + row.id, 0)}:${Math.max(0, ...rows.map((row) => row.updatedAt.getTime()))}`;
  const mapping = departments.map((row) => `${row.department}>${row.calendar}`).sort().join(',');
  return `${part(policies)}|${part(calendars)}|${mapping}`;
}

export function toSlaPolicy(row: SlaPolicyRecord): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    conditions: row.conditions,
    targets: row.targets,
    pauseWhenAnswered: row.pauseWhenAnswered,
    warnAtPercent: row.warnAtPercent,
  };
}

export function toCalendar(row: BusinessCalendarRecord): BusinessCalendar {
  return { timeZone: row.timeZone, week: row.week, holidays: row.holidays };
}
