import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from './errors.js';
import { assertCanAddSavedView, nextSavedViewPosition, SAVED_VIEWS_MAX_PER_AGENT } from './saved-view.js';

describe('saved views', () => {
  it('allow up to 50 per agent and refuse the 51st with view/limit_reached', () => {
    expect(SAVED_VIEWS_MAX_PER_AGENT).toBe(50);
    expect(() => assertCanAddSavedView(0)).not.toThrow();
    expect(() => assertCanAddSavedView(49)).not.toThrow();
    const refusal = (() => {
      try {
        assertCanAddSavedView(50);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe(ErrorCodes.viewLimitReached);
    expect(() => assertCanAddSavedView(51)).toThrow(DomainError);
  });

  it('go after the last one, whatever gaps deletions left', () => {
    expect(nextSavedViewPosition([])).toBe(0);
    expect(nextSavedViewPosition([0, 1, 2])).toBe(3);
    expect(nextSavedViewPosition([4, 0, 9])).toBe(10);
  });
});
