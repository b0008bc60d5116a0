import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import { assertThreadItemMutable, THREAD_ITEM_KINDS } from './thread-item.js';

const ACTIONS = ['edit', 'delete'] as const;
const CASES = THREAD_ITEM_KINDS.flatMap((kind) => ACTIONS.map((action) => ({ kind, action })));

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('assertThreadItemMutable', () => {
  it('covers every kind × action', () => {
    expect(CASES).toHaveLength(8);
  });

  it.each(CASES)('refuses to $action a $kind with note/immutable', ({ kind, action }) => {
    const error = caught(() => assertThreadItemMutable({ id: 7, kind }, action));
    expect(error.code).toBe(ErrorCodes.noteImmutable);
    expect(error.details).toEqual({ itemId: 7, action });
  });

  it.each(ACTIONS)('tells an agent exactly why an internal note cannot be %sed', (action) => {
    const error = caught(() => assertThreadItemMutable({ id: 1, kind: 'internal_note' }, action));
    expect(error.message).toBe(`Internal notes can never be ${action === 'edit' ? 'edited' : 'deleted'}.`);
  });

  it.each(THREAD_ITEM_KINDS.filter((k) => k !== 'internal_note'))('explains that a %s is history', (kind) => {
    expect(caught(() => assertThreadItemMutable({ id: 1, kind }, 'edit')).message).toMatch(/history.*edited/);
    expect(caught(() => assertThreadItemMutable({ id: 1, kind }, 'delete')).message).toMatch(/history.*deleted/);
  });
});
