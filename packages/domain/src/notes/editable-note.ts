import { DomainError, ErrorCodes } from '../errors.js';
import { textLength } from '../text/text-length.js';

/**
 * Ticket notes, contact notes and company notes are working notes, unlike internal notes in the thread:
 * editable and deletable, remembering who wrote them and who changed them last. One free-text note sits
 * beside each ticket; contacts and companies have as many as agents write.
 */
export const EDITABLE_NOTE_SUBJECTS = ['ticket', 'contact', 'company'] as const;
export type EditableNoteSubject = (typeof EDITABLE_NOTE_SUBJECTS)[number];

export const NOTE_BODY_MAX_LENGTH = 20_000;

export interface EditableNoteState {
  readonly body: string;
  readonly createdByAgentId: number;
  readonly createdAt: Date;
  readonly updatedByAgentId: number;
  readonly updatedAt: Date;
}

export function writeNote(body: string, agentId: number, at: Date): EditableNoteState {
  return { body: normalizeNoteBody(body), createdByAgentId: agentId, createdAt: at, updatedByAgentId: agentId, updatedAt: at };
}

export function editNote(note: EditableNoteState, body: string, agentId: number, at: Date): EditableNoteState {
  return { ...note, body: normalizeNoteBody(body), updatedByAgentId: agentId, updatedAt: at };
}

function normalizeNoteBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0 || textLength(trimmed) > NOTE_BODY_MAX_LENGTH) {
    throw new DomainError(ErrorCodes.requestInvalid, `A note needs between 1 and ${NOTE_BODY_MAX_LENGTH} characters.`);
  }
  return trimmed;
}
