import { describe, expect, it } from 'vitest';
import { type AssignmentCandidate, chooseAssignee } from './auto-assignment.js';

const agent = (agentId: number, overrides: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  agentId,
  active: true,
  availability: 'online',
  openTickets: 0,
  maxOpenTickets: 10,
  lastAssignedAt: null,
  ...overrides,
});

describe('auto-assignment', () => {
  it('off leaves every ticket in the queue', () => {
    expect(chooseAssignee('off', [agent(1)])).toBeNull();
  });

  it('round robin gives the ticket to whoever has waited longest for one', () => {
    const agents = [agent(1, { lastAssignedAt: 300 }), agent(2, { lastAssignedAt: 100 }), agent(3, { lastAssignedAt: 200 })];
    expect(chooseAssignee('round_robin', agents)).toBe(2);
    expect(chooseAssignee('round_robin', [...agents, agent(4)])).toBe(4);
  });

  it('round robin over many tickets takes turns', () => {
    let agents = [agent(1), agent(2), agent(3)];
    const order: number[] = [];
    for (let at = 1; at <= 6; at++) {
      const chosen = chooseAssignee('round_robin', agents)!;
      order.push(chosen);
      agents = agents.map((a) => (a.agentId === chosen ? { ...a, lastAssignedAt: at, openTickets: a.openTickets + 1 } : a));
    }
    expect(order).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('least loaded picks the fewest open tickets, then whoever waited longest', () => {
    expect(chooseAssignee('least_loaded', [agent(1, { openTickets: 4 }), agent(2, { openTickets: 2 }), agent(3, { openTickets: 3 })])).toBe(2);
    expect(chooseAssignee('least_loaded', [agent(1, { openTickets: 2, lastAssignedAt: 50 }), agent(2, { openTickets: 2, lastAssignedAt: 10 })])).toBe(2);
  });

  it('skips away, offline, deactivated and full agents; nobody with room means the queue', () => {
    const agents = [
      agent(1, { availability: 'away' }),
      agent(2, { availability: 'offline' }),
      agent(3, { active: false }),
      agent(4, { openTickets: 10 }),
    ];
    expect(chooseAssignee('least_loaded', agents)).toBeNull();
    expect(chooseAssignee('round_robin', [...agents, agent(5, { openTickets: 9 })])).toBe(5);
  });
});
