import { describe, expect, it } from 'vitest';
import { TicketSelection } from './ticket-selection';

describe('selecting tickets in the list', () => {
  const order = [10, 11, 12, 13, 14];

  it('toggles one ticket per click', () => {
    const selection = new TicketSelection();
    expect([...selection.click(order, 12, false)]).toEqual([12]);
    expect([...selection.click(order, 12, false)]).toEqual([]);
  });

  it('selects a range with shift, in either direction, from the last click', () => {
    const selection = new TicketSelection();
    selection.click(order, 11, false);
    expect([...selection.click(order, 13, true)].sort()).toEqual([11, 12, 13]);
    selection.replace([]);
    selection.click(order, 14, false);
    expect([...selection.click(order, 12, true)].sort()).toEqual([12, 13, 14]);
  });

  it('treats a shift-click with no earlier click as a plain click', () => {
    expect([...new TicketSelection().click(order, 13, true)]).toEqual([13]);
  });
});
