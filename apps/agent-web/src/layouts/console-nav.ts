import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** "My chats": the agent's own chats that are not resolved, as a list query. */
export const MY_CHATS_QUERY = { agent: 'me', channel: 'chat', status: 'new,open,answered' } as const satisfies LocationQueryRaw;

/** Which entry of the console's navigation the current page is, for its highlight and aria-current. */
export type NavEntry = { kind: 'tickets' } | { kind: 'view'; id: number } | { kind: 'my-chats' } | { kind: 'route'; name: string } | null;

/**
 * The navigation's links to the ticket list differ only in their query, which the router's own active
 * classes ignore: on any list every one of them lit up ("My chats" on every ticket page). So the entry is
 * decided here, from the route's name and its whole query.
 */
export function currentNavEntry(route: { name?: unknown; query: LocationQuery }): NavEntry {
  if (route.name !== 'tickets') return typeof route.name === 'string' ? { kind: 'route', name: route.name } : null;
  const view = Number(route.query.view);
  if (Number.isInteger(view) && view > 0) return { kind: 'view', id: view };
  if (sameQuery(route.query, MY_CHATS_QUERY)) return { kind: 'my-chats' };
  return { kind: 'tickets' };
}

function sameQuery(query: LocationQuery, expected: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(query);
  return keys.length === Object.keys(expected).length && keys.every((key) => query[key] === expected[key]);
}
