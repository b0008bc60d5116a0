import { describe, expect, it } from 'vitest';
import { ticketNumbers } from './ticket-numbers';

describe('ticket numbers typed by an agent', () => {
  it('reads numbers with or without #, in order, each once', () => {
    expect(ticketNumbers('#1042, 1043 #1050 1042')).toEqual([1042, 1043, 1050]);
    expect(ticketNumbers('  ')).toEqual([]);
    expect(ticketNumbers('#0, abc')).toEqual([]);
  });
});
