import { REPLY_TEMPLATE_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';

/** A starting template as written, placeholders unfilled; null when none is set. */
export const ReplyTemplateDto = z.object({ template: z.string().nullable() });
export type ReplyTemplateDto = z.infer<typeof ReplyTemplateDto>;

export const ReplyTemplateRequest = z.strictObject({
  template: z.string().max(REPLY_TEMPLATE_MAX_LENGTH).nullable().describe('Null or blank removes it. Placeholders as in canned responses, plus {{cursor}}.'),
});
export type ReplyTemplateRequest = z.infer<typeof ReplyTemplateRequest>;

/** The template that starts a new reply on one ticket, filled; `text` is null when neither the agent nor the department has one. */
export const FilledReplyTemplate = z.object({
  text: z.string().nullable(),
  cursor: z.number().int().nonnegative().describe('Where the agent starts writing in `text` (code units).'),
});
export type FilledReplyTemplate = z.infer<typeof FilledReplyTemplate>;
