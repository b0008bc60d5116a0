import type { EditableNoteDto } from '@parley/protocol';
import type { EditableNote } from './editable-note.entity.js';

export function presentNote(note: EditableNote): EditableNoteDto {
  const subject = note.ticket ? 'ticket' : note.contact ? 'contact' : 'company';
  return {
    id: note.id,
    subject,
    subjectId: (note.ticket ?? note.contact ?? note.company)!,
    body: note.body,
    createdByAgentId: note.createdByAgentId,
    createdAt: note.createdAt.toISOString(),
    updatedByAgentId: note.updatedByAgentId,
    updatedAt: note.updatedAt.toISOString(),
  };
}
