import { EDITABLE_NOTE_SUBJECTS } from '@parley/domain';
import { z } from 'zod';

export const EditableNoteDto = z.object({
  id: z.number().int(),
  subject: z.enum(EDITABLE_NOTE_SUBJECTS),
  subjectId: z.number().int(),
  body: z.string(),
  createdByAgentId: z.number().int(),
  createdAt: z.string(),
  updatedByAgentId: z.number().int(),
  updatedAt: z.string(),
});
export type EditableNoteDto = z.infer<typeof EditableNoteDto>;
