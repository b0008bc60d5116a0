import { describe, expect, it } from 'vitest';
import { hasFilters, queryFromRoute, routeFromQuery, sameQuery } from './list-query';

describe('ticket list query in the address', () => {
  it('reads what it writes', () => {
    const query = { status: ['new', 'open'] as const, departmentId: [2, 5], agentId: 'me' as const, priority: ['urgent'] as const, tag: 'vip', internal: false, q: 'printer', sort: 'created' as const };
    const route = routeFromQuery({ ...query, status: [...query.status], priority: [...query.priority] });
    expect(route).toEqual({ status: 'new,open', department: '2,5', agent: 'me', priority: 'urgent', tag: 'vip', internal: 'false', q: 'printer', sort: 'created' });
    expect(queryFromRoute(route as Record<string, string>)).toMatchObject({ status: ['new', 'open'], departmentId: [2, 5], agentId: 'me', internal: false, sort: 'created' });
  });

  it('keeps a custom status in the address', () => {
    expect(routeFromQuery({ customStatusId: 4, sort: '-waiting' })).toEqual({ customStatus: '4' });
    expect(queryFromRoute({ customStatus: '4' })).toMatchObject({ customStatusId: 4 });
    expect(queryFromRoute({ customStatus: 'x' }).customStatusId).toBeUndefined();
    expect(hasFilters({ customStatusId: 4, sort: '-waiting' })).toBe(true);
  });

  it('drops values it does not know instead of sending them on', () => {
    const query = queryFromRoute({ status: 'new,bogus', department: '3,x,-1', agent: '7', sort: 'sideways', channel: 'fax' });
    expect(query).toMatchObject({ status: ['new'], departmentId: [3], agentId: 7, sort: '-waiting', channel: undefined });
  });

  it('compares lists regardless of value order, and tells a filtered list from the plain one', () => {
    expect(sameQuery({ status: ['open', 'new'], sort: '-waiting' }, { status: ['new', 'open'], sort: '-waiting' })).toBe(true);
    expect(sameQuery({ status: ['open'], sort: '-waiting' }, { status: ['open'], sort: 'created' })).toBe(false);
    expect(hasFilters({ sort: 'created' })).toBe(false);
    expect(hasFilters({ sort: '-waiting', tag: 'x' })).toBe(true);
  });
});
