import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes, isDomainError } from './errors.js';

describe('DomainError', () => {
  it('carries a code, a message and optional details', () => {
    const error = new DomainError(ErrorCodes.ticketNotFound, 'No such ticket.', { ticketId: 3 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('ticket/not_found');
    expect(error.message).toBe('No such ticket.');
    expect(error.details).toEqual({ ticketId: 3 });
  });

  it('has undefined details when none are given', () => {
    expect(new DomainError(ErrorCodes.conflict, 'Taken.').details).toBeUndefined();
  });

  it('is recognised by isDomainError, and nothing else is', () => {
    expect(isDomainError(new DomainError(ErrorCodes.internal, 'x'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'resource/conflict', message: 'x' })).toBe(false);
    expect(isDomainError(null)).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});

describe('ErrorCodes', () => {
  const codes = Object.values(ErrorCodes);

  it('are unique', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are namespaced as area/snake_case', () => {
    for (const code of codes) expect(code).toMatch(/^[a-z]+\/[a-z_]+$/);
  });
});
