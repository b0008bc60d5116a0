import { assign, type AssignmentCandidate, type Channel, chooseAssignee, type SystemEvent, type TicketState } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import type { AutoAssignmentSetting } from './automation-rules.js';

/** Chats keep their own routing; agents' own tickets keep what the agent chose. */
const AUTO_ASSIGNED_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'web_form', 'api']);

/** What is known before the ticket's transaction: the department's setting and who is connected right now. */
export interface AutoAssignmentPlan {
  readonly departmentId: number;
  readonly setting: AutoAssignmentSetting;
  readonly connected: ReadonlySet<number>;
}

/**
 * Whether a new ticket of this channel in this department is to be auto-assigned, asked before its
 * transaction: the setting is held in memory (no statement when the department has it off) and the live
 * connections are asked outside the transaction, so it does not wait on the other instances.
 */
export async function planAutoAssignment(app: AppContext, departmentId: number | null, channel: Channel): Promise<AutoAssignmentPlan | null> {
  if (!AUTO_ASSIGNED_CHANNELS.has(channel)) return null;
  const setting = app.automation.autoAssignmentOf(departmentId);
  if (!setting || departmentId === null) return null;
  return { departmentId, setting, connected: await app.connections.connectedAgentIds() };
}

/**
 * Picks the agent for a new ticket inside its transaction and gives back the opened ticket with them assigned
 * (the domain's `assign`, so the thread says so). The department's setting row is locked first on PostgreSQL
 * (SQLite's write transactions already run one at a time), so two tickets created at once never both see
 * the same agent's last free place: nobody goes over their maximum.
 */
export async function autoAssignOpened<T extends { state: TicketState; events: SystemEvent[] }>(em: Em, plan: AutoAssignmentPlan | null, opened: T, at: Date): Promise<T> {
  if (!plan || opened.state.assignedAgentId !== null) return opened;
  const query = sql(em);
  const { db, values: v } = query;
  let lock = db.selectFrom('department_auto_assignment').select('department_id').where('department_id', '=', plan.departmentId);
  if (query.dialect === 'postgresql') lock = lock.forUpdate();
  await lock.execute();
  const rows = await db
    .selectFrom('agent as a')
    .innerJoin('agent_department as ad', 'ad.agent_id', 'a.id')
    .leftJoin('auto_assignment_turn as turn', (join) => join.onRef('turn.agent_id', '=', 'a.id').on('turn.department_id', '=', plan.departmentId))
    .select(['a.id', 'a.availability', 'turn.last_assigned_at'])
    .select((eb) =>
      eb
        .selectFrom('ticket as t')
        .select(eb.fn.countAll().as('n'))
        .whereRef('t.assigned_agent_id', '=', 'a.id')
        .where('t.status', '!=', 'resolved')
        .where('t.folder', '=', 'inbox')
        .as('open_tickets'),
    )
    .where('ad.department_id', '=', plan.departmentId)
    .where('a.active', '=', v.bool(true) as never)
    .execute();
  const candidates: AssignmentCandidate[] = rows.map((row) => ({
    agentId: Number(row.id),
    active: true,
    availability: plan.connected.has(Number(row.id)) ? row.availability : 'offline',
    openTickets: Number(row.open_tickets ?? 0),
    maxOpenTickets: plan.setting.maxOpenTickets,
    lastAssignedAt: v.readDateOrNull(row.last_assigned_at)?.getTime() ?? null,
  }));
  const agentId = chooseAssignee(plan.setting.mode, candidates);
  if (agentId === null) return opened;
  const change = assign(opened.state, { departmentId: plan.departmentId, agentId }, { agentId, departmentIds: [plan.departmentId], active: true });
  await db
    .insertInto('auto_assignment_turn')
    .values({ department_id: plan.departmentId, agent_id: agentId, last_assigned_at: v.date(at) } as never)
    .onConflict((conflict) => conflict.columns(['department_id', 'agent_id']).doUpdateSet({ last_assigned_at: v.date(at) } as never))
    .execute();
  return { ...opened, state: { ...opened.state, ...change.patch }, events: [...opened.events, ...change.events] };
}
