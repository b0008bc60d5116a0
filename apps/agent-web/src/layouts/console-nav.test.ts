import { describe, expect, it } from 'vitest';
import { currentNavEntry, MY_CHATS_QUERY } from './console-nav';

describe('currentNavEntry', () => {
  it('lights one entry for each list: the tickets, a saved view, my chats', () => {
    expect(currentNavEntry({ name: 'tickets', query: {} })).toEqual({ kind: 'tickets' });
    expect(currentNavEntry({ name: 'tickets', query: { status: 'open', departmentId: '2' } })).toEqual({ kind: 'tickets' });
    expect(currentNavEntry({ name: 'tickets', query: { view: '7' } })).toEqual({ kind: 'view', id: 7 });
    expect(currentNavEntry({ name: 'tickets', query: { ...MY_CHATS_QUERY } })).toEqual({ kind: 'my-chats' });
  });

  it('does not call a list with other filters "My chats", nor a ticket page any list', () => {
    expect(currentNavEntry({ name: 'tickets', query: { ...MY_CHATS_QUERY, priority: 'high' } })).toEqual({ kind: 'tickets' });
    expect(currentNavEntry({ name: 'tickets', query: { agent: 'me' } })).toEqual({ kind: 'tickets' });
    expect(currentNavEntry({ name: 'ticket', query: {} })).toEqual({ kind: 'route', name: 'ticket' });
    expect(currentNavEntry({ name: 'ticket', query: { ...MY_CHATS_QUERY } })).toEqual({ kind: 'route', name: 'ticket' });
  });
});
