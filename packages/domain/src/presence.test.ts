import { describe, expect, it } from 'vitest';
import { AGENT_AVAILABILITIES, type AgentConnection, announcesArrival, DEFAULT_AVAILABILITY, ticketViewers } from './presence.js';

describe('availability', () => {
  it('is online, away or offline, online by default', () => {
    expect(AGENT_AVAILABILITIES).toEqual(['online', 'away', 'offline']);
    expect(DEFAULT_AVAILABILITY).toBe('online');
  });
});

describe('announcesArrival', () => {
  const conn = (socketId: string, agentId: number, openedAt: number): AgentConnection => ({ socketId, agentId, openedAt });

  it('announces the only connection of an agent', () => {
    const mine = conn('s1', 1, 100);
    expect(announcesArrival(mine, [mine])).toBe(true);
    expect(announcesArrival(mine, [])).toBe(true);
  });

  it('does not announce a second tab opened after the first', () => {
    const first = conn('s1', 1, 100);
    const second = conn('s2', 1, 200);
    expect(announcesArrival(second, [first, second])).toBe(false);
    expect(announcesArrival(first, [first, second])).toBe(true);
  });

  it('announces exactly one of two connections opened in the same millisecond', () => {
    const x = conn('aaa', 1, 100);
    const y = conn('bbb', 1, 100);
    expect([announcesArrival(x, [x, y]), announcesArrival(y, [x, y])]).toEqual([true, false]);
  });

  it('ignores other agents\' connections', () => {
    const mine = conn('s2', 1, 200);
    expect(announcesArrival(mine, [conn('s1', 2, 100), mine])).toBe(true);
  });
});

describe('ticketViewers', () => {
  it('lists each agent once, ordered by id, typing when any of their connections types', () => {
    expect(
      ticketViewers([
        { agentId: 7, typing: false },
        { agentId: 3, typing: false },
        { agentId: 7, typing: true },
        { agentId: 3, typing: false },
        { agentId: 5, typing: true },
      ]),
    ).toEqual([
      { agentId: 3, typing: false },
      { agentId: 5, typing: true },
      { agentId: 7, typing: true },
    ]);
  });

  it('is empty when nobody watches', () => {
    expect(ticketViewers([])).toEqual([]);
  });

  it('does not let a later idle connection hide an earlier typing one', () => {
    expect(ticketViewers([{ agentId: 1, typing: true }, { agentId: 1, typing: false }])).toEqual([{ agentId: 1, typing: true }]);
  });
});
