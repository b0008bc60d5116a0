import { z } from 'zod';

export const MarkSpamRequest = z.strictObject({
  /** Also block the sender: their address, or their whole domain (never a shared mail service's). */
  block: z.enum(['none', 'address', 'domain']).default('none'),
});
export type MarkSpamRequest = z.input<typeof MarkSpamRequest>;

export const SenderBlockDto = z.object({
  id: z.number().int(),
  kind: z.enum(['address', 'domain']),
  value: z.string(),
  createdByAgentId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type SenderBlockDto = z.infer<typeof SenderBlockDto>;

export const TrashEmptied = z.object({ purged: z.number().int().nonnegative() });
export type TrashEmptied = z.infer<typeof TrashEmptied>;
