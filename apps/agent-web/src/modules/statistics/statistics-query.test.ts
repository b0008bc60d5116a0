import { describe, expect, it } from 'vitest';
import { addDays, allowedFor, isCalendarDate, presetRange, queryFromState, requestFromState, stateFromQuery, todayIn, type StatisticsViewer } from './statistics-query';

const admin: StatisticsViewer = { agentId: 1, administrator: true, departmentIds: [] };
const agent: StatisticsViewer = { agentId: 7, administrator: false, departmentIds: [2, 3] };
const today = '2026-03-31';

describe('statistics periods', () => {
  it('counts presets to today, months and years from their first day, last month whole', () => {
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
    expect(presetRange('last7', today)).toEqual({ from: '2026-03-25', to: today });
    expect(presetRange('last30', today)).toEqual({ from: '2026-03-02', to: today });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-03-01', to: today });
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('thisYear', today)).toEqual({ from: '2026-01-01', to: today });
  });

  it('moves calendar days across month ends and the DST change alike, and reads today in a zone', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    const instant = new Date('2026-03-31T22:30:00Z');
    expect(todayIn('Europe/Riga', instant)).toBe('2026-04-01');
    expect(todayIn('America/New_York', instant)).toBe('2026-03-31');
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-28')).toBe(true);
  });
});

describe('the statistics URL', () => {
  it('gives administrators everything and agents their own figures by default, and keeps defaults out of the URL', () => {
    const adminState = stateFromQuery({}, admin, today);
    expect(adminState).toMatchObject({ period: 'last7', from: '2026-03-25', to: today, unit: 'day', agent: 'all', departmentId: null, chart: ['created', 'resolved'] });
    expect(queryFromState(adminState, admin)).toEqual({});
    const agentState = stateFromQuery({}, agent, today);
    expect(agentState.agent).toBe('me');
    expect(queryFromState(agentState, agent)).toEqual({});
  });

  it('round-trips a custom period with filters and the chart choice', () => {
    const query = { period: 'custom', from: '2026-02-01', to: '2026-02-14', unit: 'week', department: '3', agent: '9', channel: 'email', priority: 'high', tag: 'vip', chart: 'backlog,first_response.median' };
    const state = stateFromQuery(query, admin, today);
    expect(state).toMatchObject({ period: 'custom', from: '2026-02-01', to: '2026-02-14', unit: 'week', departmentId: 3, agent: 9, channel: 'email', priority: 'high', tag: 'vip', chart: ['backlog', 'first_response.median'] });
    expect(queryFromState(state, admin)).toEqual(query);
  });

  it('falls back from what it does not know: a custom period without days, an unknown unit or metric', () => {
    const state = stateFromQuery({ period: 'custom', from: 'yesterday', unit: 'decade', channel: 'fax', chart: 'nonsense', department: '-1' }, admin, today);
    expect(state).toMatchObject({ period: 'last7', unit: 'day', channel: null, departmentId: null, chart: ['created', 'resolved'] });
  });

  it('narrows an agent to their own figures or one of their departments', () => {
    expect(stateFromQuery({ agent: '9' }, agent, today).agent).toBe('me');
    expect(stateFromQuery({ agent: 'all' }, agent, today).agent).toBe('me');
    expect(stateFromQuery({ department: '5', agent: 'all' }, agent, today)).toMatchObject({ departmentId: null, agent: 'me' });
    expect(stateFromQuery({ department: '3', agent: 'all' }, agent, today)).toMatchObject({ departmentId: 3, agent: 'all' });
    const everyone = stateFromQuery({ department: '3', agent: 'all' }, agent, today);
    expect(allowedFor(agent, { ...everyone, departmentId: null })).toMatchObject({ departmentId: null, agent: 'me' });
  });
});

describe('the statistics request', () => {
  it('sends the day after the last one as `until`, the zone, and the agent as an id', () => {
    const state = stateFromQuery({ period: 'custom', from: '2026-02-01', to: '2026-02-28', agent: 'me', tag: 'vip' }, admin, today);
    expect(requestFromState(state, admin, today, 'Europe/Riga')).toEqual({ from: '2026-02-01', until: '2026-03-01', unit: 'day', timeZone: 'Europe/Riga', agentId: 1, tag: 'vip' });
    const mine = stateFromQuery({ period: 'today' }, agent, today);
    expect(requestFromState(mine, agent, today, 'UTC')).toEqual({ from: today, until: '2026-04-01', unit: 'hour', timeZone: 'UTC', agentId: 7 });
  });

  it('asks nothing for reversed days', () => {
    const state = stateFromQuery({ period: 'custom', from: '2026-02-10', to: '2026-02-01' }, admin, today);
    expect(requestFromState(state, admin, today, 'UTC')).toBeNull();
  });
});
