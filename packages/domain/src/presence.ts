/**
 * Presence and collision detection: who is available, who has a ticket open, who is typing in it. The
 * server reads these facts from the live connections themselves (every instance answers through the
 * adapter); these rules only say what the facts mean.
 */

/** What an agent says about themselves: taking work, briefly away, or not taking work. Kept per agent. */
export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];
export const DEFAULT_AVAILABILITY: AgentAvailability = 'online';

/** How long a departure is held back before it is announced, so reloading a page does not flap. */
export const PRESENCE_DISCONNECT_GRACE_MS = 5_000;
/** How long "typing" lasts without being renewed (the console renews it every few seconds while keys are pressed). */
export const TYPING_LAPSE_MS = 8_000;

/** One live connection of an agent, as far as presence cares: which agent, and when it was opened. */
export interface AgentConnection {
  readonly socketId: string;
  readonly agentId: number;
  /** When the connection was opened (epoch milliseconds). */
  readonly openedAt: number;
}

/**
 * Whether this connection announces its agent's arrival. Exactly one of the agent's connections does: the
 * oldest still open (ties broken by socket id). Two tabs opening at the same moment therefore announce
 * once, and a second tab opened later does not announce again.
 */
export function announcesArrival(mine: AgentConnection, connections: readonly AgentConnection[]): boolean {
  const own = connections.filter((c) => c.agentId === mine.agentId && c.socketId !== mine.socketId);
  return own.every((c) => c.openedAt > mine.openedAt || (c.openedAt === mine.openedAt && c.socketId > mine.socketId));
}

/** One connection that has a ticket open, and whether it is typing there. */
export interface TicketWatcher {
  readonly agentId: number;
  readonly typing: boolean;
}

export interface TicketViewer {
  readonly agentId: number;
  readonly typing: boolean;
}

/**
 * The viewers of a ticket: one entry per agent however many tabs they have open, typing when any of their
 * connections types; ordered by agent id so two computations of the same set compare equal.
 */
export function ticketViewers(watchers: readonly TicketWatcher[]): TicketViewer[] {
  const byAgent = new Map<number, boolean>();
  for (const w of watchers) byAgent.set(w.agentId, (byAgent.get(w.agentId) ?? false) || w.typing);
  return [...byAgent.entries()].sort(([a], [b]) => a - b).map(([agentId, typing]) => ({ agentId, typing }));
}
