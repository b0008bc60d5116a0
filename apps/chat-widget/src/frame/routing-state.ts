/**
 * What the visitor sees of routing: how long they have waited for an agent, and who joined. Pure, so the
 * counter's text is tested without a browser.
 */
import type { VisitorChatStateDto } from '@parley/protocol';

export interface RoutingTexts {
  readonly waiting: string;
  /** With `{name}` where the agent's name goes. */
  readonly joined: string;
  readonly routingEnded: string;
}

/** "0:42", "12:05", "1:02:09": how long the visitor has waited (never negative when clocks disagree). */
export function formatWait(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const seconds = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The banner's line and its counter (null when the counter is not shown); null line: no banner. */
export function routingLine(state: VisitorChatStateDto | null, text: RoutingTexts, now: number): { line: string; time: string | null } | null {
  if (!state) return null;
  if (state.phase === 'waiting') {
    const since = state.waitingSince ? Date.parse(state.waitingSince) : Number.NaN;
    return { line: text.waiting, time: Number.isNaN(since) ? null : formatWait(now - since) };
  }
  if (state.phase === 'connected') return state.agent ? { line: text.joined.replace('{name}', state.agent.name), time: null } : null;
  return { line: text.routingEnded, time: null };
}
