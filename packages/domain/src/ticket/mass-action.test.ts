import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.js';
import { MASS_ACTION_CHUNK_SIZE, type MassActionOutcome, massActionChunks, summarizeMassAction } from './mass-action.js';

describe('mass actions', () => {
  it('work through the selection in chunks, in order, each ticket once', () => {
    expect(massActionChunks([5, 3, 5, 9, 1, 3], 2)).toEqual([
      [5, 3],
      [9, 1],
    ]);
    const big = massActionChunks(Array.from({ length: 1001 }, (_, i) => i + 1));
    expect(big.map((chunk) => chunk.length)).toEqual([MASS_ACTION_CHUNK_SIZE, MASS_ACTION_CHUNK_SIZE, MASS_ACTION_CHUNK_SIZE, MASS_ACTION_CHUNK_SIZE, MASS_ACTION_CHUNK_SIZE, 1]);
    expect(massActionChunks([])).toEqual([]);
  });

  it('sum up what changed and, per reason, what was refused with examples', () => {
    const outcomes: MassActionOutcome[] = [
      { ticketId: 1, ok: true },
      { ticketId: 2, ok: false, code: ErrorCodes.ticketInvalidTransition },
      { ticketId: 3, ok: true },
      { ticketId: 4, ok: false, code: ErrorCodes.ticketNotFound },
      { ticketId: 5, ok: false, code: ErrorCodes.ticketInvalidTransition },
      ...Array.from({ length: 30 }, (_, i): MassActionOutcome => ({ ticketId: 100 + i, ok: false, code: ErrorCodes.agentNotInDepartment })),
    ];
    const summary = summarizeMassAction(outcomes);
    expect(summary.total).toBe(35);
    expect(summary.changed).toBe(2);
    expect(summary.refused.map((r) => [r.code, r.count])).toEqual([
      [ErrorCodes.agentNotInDepartment, 30],
      [ErrorCodes.ticketInvalidTransition, 2],
      [ErrorCodes.ticketNotFound, 1],
    ]);
    expect(summary.refused[0]!.ticketIds).toHaveLength(20);
    expect(summary.refused[1]!.ticketIds).toEqual([2, 5]);
  });
});
