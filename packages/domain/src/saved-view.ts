import { DomainError, ErrorCodes } from './errors.js';

/** Saved views are personal shortcuts into the ticket list; a bound keeps the list (and its live counts) cheap. */
export const SAVED_VIEWS_MAX_PER_AGENT = 50;
export const SAVED_VIEW_NAME_MAX_LENGTH = 100;

/** Refuses a new view when the agent already has the most they may keep. */
export function assertCanAddSavedView(existingCount: number): void {
  if (existingCount >= SAVED_VIEWS_MAX_PER_AGENT) {
    throw new DomainError(ErrorCodes.viewLimitReached, `An agent keeps at most ${SAVED_VIEWS_MAX_PER_AGENT} saved views; delete one first.`, {
      limit: SAVED_VIEWS_MAX_PER_AGENT,
    });
  }
}

/** Where a new view goes: after the last one. */
export function nextSavedViewPosition(positions: readonly number[]): number {
  return positions.length === 0 ? 0 : Math.max(...positions) + 1;
}
