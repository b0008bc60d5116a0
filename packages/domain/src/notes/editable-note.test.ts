import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import { EDITABLE_NOTE_SUBJECTS, editNote, NOTE_BODY_MAX_LENGTH, writeNote } from './editable-note.js';

const WRITTEN = new Date('2024-03-01T08:00:00.000Z');
const EDITED = new Date('2024-03-02T08:00:00.000Z');
const ALICE = 10;
const BOB = 20;

function expectInvalid(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(ErrorCodes.requestInvalid);
}

describe('editable notes', () => {
  it('belong to tickets, contacts and companies', () => {
    expect(EDITABLE_NOTE_SUBJECTS).toEqual(['ticket', 'contact', 'company']);
  });
});

describe('writeNote', () => {
  it('records the author as creator and last updater, at the same time', () => {
    expect(writeNote('Prefers phone calls.', ALICE, WRITTEN)).toStrictEqual({
      body: 'Prefers phone calls.',
      createdByAgentId: ALICE,
      createdAt: WRITTEN,
      updatedByAgentId: ALICE,
      updatedAt: WRITTEN,
    });
  });

  it('trims the body but keeps inner line breaks', () => {
    expect(writeNote('\n  Line one\nLine two  \n', ALICE, WRITTEN).body).toBe('Line one\nLine two');
  });

  it.each([[''], ['   '], ['\n\t ']])('refuses an empty body %j', (body) => {
    expectInvalid(() => writeNote(body, ALICE, WRITTEN));
  });

  it('accepts exactly the maximum length and refuses one more', () => {
    expect(NOTE_BODY_MAX_LENGTH).toBe(20_000);
    expect(writeNote('n'.repeat(NOTE_BODY_MAX_LENGTH), ALICE, WRITTEN).body).toHaveLength(NOTE_BODY_MAX_LENGTH);
    expectInvalid(() => writeNote('n'.repeat(NOTE_BODY_MAX_LENGTH + 1), ALICE, WRITTEN));
  });

  it('measures the length after trimming', () => {
    expect(writeNote(`  ${'n'.repeat(NOTE_BODY_MAX_LENGTH)}  `, ALICE, WRITTEN).body).toHaveLength(NOTE_BODY_MAX_LENGTH);
  });
});

describe('editNote', () => {
  const note = writeNote('First version', ALICE, WRITTEN);

  it('keeps the author and creation time, and records who changed it and when', () => {
    expect(editNote(note, 'Second version', BOB, EDITED)).toStrictEqual({
      body: 'Second version',
      createdByAgentId: ALICE,
      createdAt: WRITTEN,
      updatedByAgentId: BOB,
      updatedAt: EDITED,
    });
  });

  it('remembers only the last updater', () => {
    const later = new Date('2024-03-03T08:00:00.000Z');
    const twice = editNote(editNote(note, 'Second', BOB, EDITED), 'Third', ALICE, later);
    expect(twice).toMatchObject({ body: 'Third', createdByAgentId: ALICE, updatedByAgentId: ALICE, updatedAt: later });
  });

  it('does not mutate the note', () => {
    editNote(note, 'Changed', BOB, EDITED);
    expect(note.body).toBe('First version');
    expect(note.updatedByAgentId).toBe(ALICE);
  });

  it('trims the new body', () => {
    expect(editNote(note, '  Trimmed  ', BOB, EDITED).body).toBe('Trimmed');
  });

  it('refuses an empty or oversized body', () => {
    expectInvalid(() => editNote(note, '  ', BOB, EDITED));
    expectInvalid(() => editNote(note, 'n'.repeat(NOTE_BODY_MAX_LENGTH + 1), BOB, EDITED));
  });
});
