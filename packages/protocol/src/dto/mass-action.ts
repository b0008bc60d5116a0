import { MASS_ACTION_CHUNK_SIZE, PRIORITIES, TAG_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';

const Id = z.number().int().positive();
const Tags = z.array(z.string().trim().min(1).max(TAG_MAX_LENGTH)).min(1).max(20);

/** What to do to every selected ticket; each goes through the same rule as when done to one ticket. */
export const MassAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resolve') }),
  z.strictObject({ type: z.literal('reopen') }),
  z.strictObject({ type: z.literal('assign'), departmentId: Id.nullable().optional(), agentId: Id.nullable().optional() }),
  z.strictObject({ type: z.literal('priority'), priority: z.enum(PRIORITIES) }),
  z.strictObject({ type: z.literal('add_tags'), tags: Tags }),
  z.strictObject({ type: z.literal('remove_tags'), tags: Tags }),
  z.strictObject({ type: z.literal('trash') }),
  z.strictObject({ type: z.literal('spam') }),
  z.strictObject({ type: z.literal('restore') }),
]);
export type MassAction = z.infer<typeof MassAction>;

export const MassActionRequest = z.strictObject({
  /** One chunk of the selection; the console sends a large selection chunk by chunk and shows the progress. */
  ticketIds: z.array(Id).min(1).max(MASS_ACTION_CHUNK_SIZE),
  action: MassAction,
});
export type MassActionRequest = z.input<typeof MassActionRequest>;

export const MassActionSummaryDto = z.object({
  total: z.number().int(),
  changed: z.number().int(),
  refused: z.array(z.object({ code: z.string(), count: z.number().int(), ticketIds: z.array(z.number().int()) })),
});
export type MassActionSummaryDto = z.infer<typeof MassActionSummaryDto>;

/** "Select all N matching": the ids of the list's tickets, in the list's order, up to the mass action limit. */
export const TicketIdsDto = z.object({ ids: z.array(z.number().int()), total: z.number().int(), truncated: z.boolean() });
export type TicketIdsDto = z.infer<typeof TicketIdsDto>;
