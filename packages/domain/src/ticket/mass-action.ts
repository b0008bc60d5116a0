import type { ErrorCode } from '../errors.js';

/**
 * Changing many tickets at once. The server walks the selection in chunks, one transaction per chunk, each
 * ticket through the same rule as a single change; a ticket the rule refuses is counted with its reason and
 * the rest go on. The summary is what the agent reads when it is done.
 */

/** The most tickets one mass action takes ("select all N matching" beyond it is refused, not cut short). */
export const MASS_ACTION_MAX_TICKETS = 10_000;
/** Tickets per transaction: small enough not to hold a write lock for long, large enough to be fast. */
export const MASS_ACTION_CHUNK_SIZE = 200;

export type MassActionOutcome = { readonly ticketId: number; readonly ok: true } | { readonly ticketId: number; readonly ok: false; readonly code: ErrorCode };

export interface MassActionSummary {
  readonly total: number;
  readonly changed: number;
  /** Per reason, how many were refused and the first few tickets, so the agent can open them. */
  readonly refused: readonly { readonly code: ErrorCode; readonly count: number; readonly ticketIds: readonly number[] }[];
}

const EXAMPLES_PER_REASON = 20;

/** The selection in the chunks the server works through, in the order given, without repeats. */
export function massActionChunks(ticketIds: readonly number[], size = MASS_ACTION_CHUNK_SIZE): number[][] {
  const unique = [...new Set(ticketIds)];
  const chunks: number[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}

export function summarizeMassAction(outcomes: readonly MassActionOutcome[]): MassActionSummary {
  const refused = new Map<ErrorCode, { count: number; ticketIds: number[] }>();
  let changed = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      changed++;
      continue;
    }
    const entry = refused.get(outcome.code) ?? { count: 0, ticketIds: [] };
    entry.count++;
    if (entry.ticketIds.length < EXAMPLES_PER_REASON) entry.ticketIds.push(outcome.ticketId);
    refused.set(outcome.code, entry);
  }
  return {
    total: outcomes.length,
    changed,
    refused: [...refused].map(([code, entry]) => ({ code, ...entry })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}
