import { SAVED_VIEW_NAME_MAX_LENGTH, TAG_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';
import { Id } from '../common.js';
import { TICKET_SORTS } from '../http/requests.js';
import { Channel, Priority, TicketStatus } from './ticket.js';

const List = <T extends z.ZodType>(item: T) => z.array(item).max(20).describe('Any of these; an empty list does not filter.');

/**
 * The ticket-list filters a saved view keeps: the list's own query (GET /tickets) as JSON, so a view opens
 * the list with exactly these filters and its count is the count of that list.
 */
export const SavedViewFilters = z.strictObject({
  status: List(TicketStatus).optional(),
  departmentId: List(Id).optional(),
  agentId: z.union([z.literal('none'), z.literal('me'), Id]).optional().describe('`none`: unassigned; `me`: the agent looking.'),
  channel: List(Channel).optional(),
  priority: List(Priority).optional(),
  tag: z.string().trim().min(1).max(TAG_MAX_LENGTH).optional(),
  internal: z.boolean().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).optional(),
});
export type SavedViewFilters = z.infer<typeof SavedViewFilters>;

export const SavedViewName = z.string().trim().min(1).max(SAVED_VIEW_NAME_MAX_LENGTH);

export const SavedViewDto = z.object({
  id: z.number().int(),
  name: z.string(),
  filters: SavedViewFilters,
  count: z.number().int().nonnegative().describe('Tickets the agent may see that match the filters, right now.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedViewDto = z.infer<typeof SavedViewDto>;

export const CreateSavedViewRequest = z.strictObject({ name: SavedViewName, filters: SavedViewFilters });
export type CreateSavedViewRequest = z.infer<typeof CreateSavedViewRequest>;
export const UpdateSavedViewRequest = z.strictObject({ name: SavedViewName.optional(), filters: SavedViewFilters.optional() });
export type UpdateSavedViewRequest = z.infer<typeof UpdateSavedViewRequest>;
