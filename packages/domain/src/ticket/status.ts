import { DomainError, ErrorCodes } from '../errors.js';

/** The five base statuses every rule, SLA target and statistic is written against. */
export const BASE_STATUSES = ['new', 'open', 'answered', 'resolved', 'postponed'] as const;
export type BaseStatus = (typeof BASE_STATUSES)[number];

/**
 * Custom statuses refine a base status ("Waiting for supplier" is Open, "Duplicate" is Resolved).
 * New is only ever where a ticket starts, and Postponed needs a wake-up time, so neither can be a custom
 * status's base: an agent reaches them by creating a ticket or by postponing it.
 */
export const CUSTOM_STATUS_BASES = ['open', 'answered', 'resolved'] as const satisfies readonly BaseStatus[];
export type CustomStatusBase = (typeof CUSTOM_STATUS_BASES)[number];

export interface CustomStatus {
  readonly id: number;
  readonly name: string;
  readonly baseStatus: BaseStatus;
}

export function assertCustomStatusBase(base: string): asserts base is CustomStatusBase {
  if (!(CUSTOM_STATUS_BASES as readonly string[]).includes(base)) {
    throw new DomainError(
      ErrorCodes.statusBaseNotAllowed,
      `A custom status must be based on one of ${CUSTOM_STATUS_BASES.join(', ')}; got "${base}".`,
      { base, allowed: CUSTOM_STATUS_BASES },
    );
  }
}

/** Statuses in which the ticket waits for an agent: these make up the "To solve" queue. */
export const AWAITING_AGENT_STATUSES: readonly BaseStatus[] = ['new', 'open'];

/** A count per base status, every status present (zero when none). */
export type StatusCounts = Record<BaseStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(BASE_STATUSES.map((status) => [status, 0])) as StatusCounts;
}
