import { describe, expect, it } from 'vitest';
import type { StatisticsFact } from './facts.js';
import { ANY_ID, ANY_TEXT, binValue, durationBin, histogramPercentiles, NONE_ID, ROLLUP_SLOT_MS, rollupDimensionsOf, rollupIncrements, type RollupCondition, rollupSelection } from './rollup.js';

const fact: StatisticsFact = {
  kind: 'created',
  ticketId: 1,
  at: Date.parse('2027-03-28T00:20:00Z'),
  count: 1,
  value: null,
  departmentId: 4,
  agentId: null,
  channel: 'email',
  priority: 'high',
  tags: ['vpn', 'billing'],
};

/** Whether a rollup row's value meets a selection's condition, as the database's query reads it. */
function holds(test: RollupCondition<unknown>, value: unknown): boolean {
  if ('equals' in test) return value === test.equals;
  if ('oneOf' in test) return test.oneOf.includes(value);
  if ('above' in test) return (value as number) > (test.above as number);
  return value !== test.notEquals;
}

describe('rollup rows', () => {
  it('adds a fact to the "all" row, each dimension\'s own row, each tag\'s, and the all-dimensions rows', () => {
    const rows = rollupDimensionsOf(fact);
    // Creations also by channel beside the department, the agent, the priority and each tag.
    expect(rows).toHaveLength(1 + 4 + 2 + 1 + 2 + 3 + 2);
    expect(rollupDimensionsOf({ ...fact, kind: 'resolved' })).toHaveLength(1 + 4 + 2 + 1 + 2);
    expect(rows).toContainEqual({ departmentId: ANY_ID, agentId: ANY_ID, channel: ANY_TEXT, priority: ANY_TEXT, tag: ANY_TEXT });
    expect(rows).toContainEqual({ departmentId: ANY_ID, agentId: NONE_ID, channel: ANY_TEXT, priority: ANY_TEXT, tag: ANY_TEXT });
    expect(rows).toContainEqual({ departmentId: 4, agentId: NONE_ID, channel: 'email', priority: 'high', tag: 'vpn' });
  });

  it('sums facts of one quarter hour and row together, in one order', () => {
    const increments = rollupIncrements([fact, { ...fact, at: fact.at + 60_000 }, { ...fact, kind: 'backlog', count: -1 }]);
    const all = increments.filter((i) => i.departmentId === ANY_ID && i.agentId === ANY_ID && i.channel === '' && i.priority === '' && i.tag === '');
    expect(all.map((i) => [i.kind, i.count, i.slot])).toEqual([
      ['backlog', -1, Math.floor(fact.at / ROLLUP_SLOT_MS)],
      ['created', 2, Math.floor(fact.at / ROLLUP_SLOT_MS)],
    ]);
  });

  it('reads the "all" rows, one dimension\'s rows, or the all-dimensions rows', () => {
    expect(rollupSelection({})).toEqual({ departmentId: { equals: 0 }, agentId: { equals: 0 }, channel: { equals: '' }, priority: { equals: '' }, tag: { equals: '' } });
    expect(rollupSelection({ tag: 'vpn' })).toEqual({ departmentId: { equals: 0 }, agentId: { equals: 0 }, channel: { equals: '' }, priority: { equals: '' }, tag: { equals: 'vpn' } });
    expect(rollupSelection({}, 'agentId')).toMatchObject({ agentId: { above: 0 }, departmentId: { equals: 0 } });
    expect(rollupSelection({ departmentId: 4 }, 'agentId')).toMatchObject({ agentId: { above: 0 }, departmentId: { equals: 4 }, channel: { oneOf: ['chat', 'email', 'web_form', 'api', 'internal'] } });
    expect(rollupSelection({ departmentId: 4, channel: 'email' })).toEqual({
      departmentId: { equals: 4 },
      agentId: { notEquals: 0 },
      channel: { equals: 'email' },
      priority: { oneOf: ['low', 'normal', 'high', 'urgent'] },
      tag: { equals: '' },
    });
  });

  it('sums to the same figure through any grouping that covers a fact', () => {
    const facts = [fact, { ...fact, departmentId: 5, tags: [] }, { ...fact, channel: 'api' as const, priority: 'low' as const }];
    const increments = rollupIncrements(facts);
    const read = (selection: ReturnType<typeof rollupSelection>) =>
      increments
        .filter((i) =>
          (Object.keys(selection) as (keyof typeof selection)[]).every((key) => holds(selection[key], i[key])),
        )
        .reduce((sum, i) => sum + i.count, 0);
    expect(read(rollupSelection({}))).toBe(3);
    expect(read(rollupSelection({ departmentId: 4 }))).toBe(2);
    expect(read(rollupSelection({ departmentId: 4, channel: 'email' }))).toBe(1);
    expect(read(rollupSelection({ tag: 'billing', priority: 'high' }))).toBe(1);
    expect(read(rollupSelection({ tag: 'vpn' }))).toBe(2);
    // Split by agent, a ticket without one is nobody's row: only the agents' own.
    const unassigned = rollupIncrements([...facts.map((f) => ({ ...f, agentId: 7 })), fact]);
    const agentRows = (selection: ReturnType<typeof rollupSelection>) =>
      unassigned.filter((i) => (Object.keys(selection) as (keyof typeof selection)[]).every((key) => holds(selection[key], i[key]))).reduce((sum, i) => sum + i.count, 0);
    expect(agentRows(rollupSelection({}, 'agentId'))).toBe(3);
    expect(agentRows(rollupSelection({ departmentId: 4 }, 'agentId'))).toBe(2);
    expect(agentRows(rollupSelection({}))).toBe(4);
    // Creations by channel under one filter read the pairs; under two, the all-dimensions rows.
    const byChannel = (filters: Parameters<typeof rollupSelection>[0], channel: string) =>
      increments
        .filter((i) => i.channel === channel)
        .filter((i) => {
          const selection = rollupSelection(filters, 'channel');
          return (Object.keys(selection) as (keyof typeof selection)[]).every((key) => holds(selection[key], i[key]));
        })
        .reduce((sum, i) => sum + i.count, 0);
    expect(rollupSelection({ tag: 'vpn' }, 'channel')).toMatchObject({ departmentId: { equals: 0 }, channel: { oneOf: ['chat', 'email', 'web_form', 'api', 'internal'] } });
    expect(byChannel({ tag: 'vpn' }, 'email')).toBe(1);
    expect(byChannel({ tag: 'vpn' }, 'api')).toBe(1);
    expect(byChannel({ departmentId: 4, priority: 'high' }, 'email')).toBe(1);
    expect(byChannel({}, 'email')).toBe(2);
  });
});

describe('histograms', () => {
  it('keeps seconds under a minute, minutes under an hour, five minutes under a day, hours under a month', () => {
    for (const seconds of [0, 59, 60, 2700, 3600, 8400, 86_400, 97_200, 30 * 86_400, 400 * 86_400]) {
      expect(binValue('seconds', durationBin(seconds)), String(seconds)).toBe(Math.min(seconds, 366 * 86_400));
    }
    expect(binValue('seconds', durationBin(61))).toBe(60);
    expect(binValue('seconds', durationBin(3899))).toBe(3600);
  });

  it('takes percentiles by nearest rank', () => {
    const histogram = new Map([
      [durationBin(60), 2],
      [durationBin(300), 1],
      [durationBin(7200), 1],
    ]);
    expect(histogramPercentiles(histogram, [0.5, 0.75, 0.9], 'seconds')).toEqual([60, 300, 7200]);
    // Shares in any order; an empty histogram has none.
    expect(histogramPercentiles(histogram, [0.9, 0.5], 'seconds')).toEqual([7200, 60]);
    expect(histogramPercentiles(new Map(), [0.5], 'seconds')).toEqual([null]);
    expect(histogramPercentiles(new Map([[3, 1]]), [0.5], 'number')).toEqual([3]);
  });
});
