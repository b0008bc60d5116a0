import { BASE_STATUSES } from '@parley/domain';
import { z } from 'zod';

/** A ticket count for every base status (all five keys, zero when none). */
export const TicketStatusCounts = z.record(z.enum(BASE_STATUSES), z.number().int().nonnegative());
export type TicketStatusCounts = z.infer<typeof TicketStatusCounts>;

/** One department at a glance: its tickets by status (those the asking agent may see) and its active members. */
export const DepartmentOverviewDto = z.object({
  departmentId: z.number().int(),
  counts: TicketStatusCounts,
  agentIds: z.array(z.number().int()).describe('Active agents who are members of the department; combine with presence.'),
  sla: z
    .object({ atRisk: z.number().int().nonnegative(), breached: z.number().int().nonnegative() })
    .describe('Open tickets whose soonest service-level target is due within the hour (at risk), or already missed (breached).'),
});
export type DepartmentOverviewDto = z.infer<typeof DepartmentOverviewDto>;

export const DepartmentOverview = z.object({
  items: z.array(DepartmentOverviewDto),
  unassigned: TicketStatusCounts.describe('Tickets in no department that the agent may see.'),
});
export type DepartmentOverview = z.infer<typeof DepartmentOverview>;
