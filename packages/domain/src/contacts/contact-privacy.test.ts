import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import { CONTACT_MERGE_MAX, planContactMerge } from './contact-privacy.js';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('merging duplicate contacts', () => {
  it('takes distinct duplicates other than the survivor, within a bound', () => {
    expect(planContactMerge(1, [3, 2])).toEqual({ duplicateIds: [3, 2] });
    expect(codeOf(() => planContactMerge(1, []))).toBe(ErrorCodes.contactMergeInvalid);
    expect(codeOf(() => planContactMerge(1, [1]))).toBe(ErrorCodes.contactMergeInvalid);
    expect(codeOf(() => planContactMerge(1, [2, 2]))).toBe(ErrorCodes.contactMergeInvalid);
    expect(codeOf(() => planContactMerge(1, Array.from({ length: CONTACT_MERGE_MAX + 1 }, (_, i) => i + 2)))).toBe(ErrorCodes.contactMergeInvalid);
  });
});
