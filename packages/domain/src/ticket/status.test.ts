import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import { assertCustomStatusBase, AWAITING_AGENT_STATUSES, BASE_STATUSES, CUSTOM_STATUS_BASES, emptyStatusCounts } from './status.js';

describe('statuses', () => {
  it('has the five base statuses', () => {
    expect(BASE_STATUSES).toEqual(['new', 'open', 'answered', 'resolved', 'postponed']);
  });

  it('lets custom statuses refine Open, Answered and Resolved only', () => {
    expect(CUSTOM_STATUS_BASES).toEqual(['open', 'answered', 'resolved']);
  });

  it('waits for an agent in New and Open only', () => {
    expect(AWAITING_AGENT_STATUSES).toEqual(['new', 'open']);
  });
});

describe('assertCustomStatusBase', () => {
  it.each(CUSTOM_STATUS_BASES)('accepts %s', (base) => {
    expect(() => assertCustomStatusBase(base)).not.toThrow();
  });

  it.each(['new', 'postponed', 'closed', '', 'OPEN'])('refuses %j with status/base_not_allowed', (base) => {
    let caught: unknown;
    try {
      assertCustomStatusBase(base);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe(ErrorCodes.statusBaseNotAllowed);
    expect(error.details).toEqual({ base, allowed: CUSTOM_STATUS_BASES });
    expect(error.message).toContain('open, answered, resolved');
  });
});

describe('emptyStatusCounts', () => {
  it('has a zero for every base status, and a fresh object each time', () => {
    const counts = emptyStatusCounts();
    expect(counts).toEqual({ new: 0, open: 0, answered: 0, resolved: 0, postponed: 0 });
    counts.new += 1;
    expect(emptyStatusCounts().new).toBe(0);
  });
});
