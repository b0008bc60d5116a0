import { describe, expect, it } from 'vitest';
import { PRESENCE_FACTS } from './facts.js';
import { AGENT_STATISTICS_METRICS, AGENT_TICKET_FACTS, HISTOGRAM_FACTS, REPORT_FACTS, type RollupSum, statisticsFigures } from './report.js';

describe("the agents' table", () => {
  it('reads only the facts its figures are made of', () => {
    const histograms = new Set<string>(HISTOGRAM_FACTS);
    // Every fact a report knows, each with a few bins, as the rollup would answer for one agent.
    const sums: RollupSum[] = [...REPORT_FACTS, ...PRESENCE_FACTS].flatMap((kind, k) =>
      histograms.has(kind) ? [3, 40, 200].map((bin, b) => ({ bucket: 0, kind, bin, count: 1 + ((k + b) % 4) })) : [{ bucket: 0, kind, bin: 0, count: 2 + (k % 5) }],
    );
    const read = new Set<string>([...AGENT_TICKET_FACTS, ...PRESENCE_FACTS]);
    const figures = (list: RollupSum[]) => statisticsFigures({ units: 1, sums: list, byChannel: [], backlogBefore: 0 }).totals;
    const everything = figures(sums);
    const agentsOwn = figures(sums.filter((sum) => read.has(sum.kind)));
    for (const metric of AGENT_STATISTICS_METRICS) expect(agentsOwn[metric], metric).toEqual(everything[metric]);
    expect(AGENT_STATISTICS_METRICS.every((metric) => everything[metric] !== null && everything[metric] !== 0)).toBe(true);
  });
});
