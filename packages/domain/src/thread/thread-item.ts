import { DomainError, ErrorCodes } from '../errors.js';
import type { SystemEvent } from './system-event.js';

/**
 * A ticket's thread, in time order. Customer messages and agent replies are the conversation; internal
 * notes are for agents only; system events record what happened (status, assignment, transfer, subject).
 */
export const THREAD_ITEM_KINDS = ['customer_message', 'agent_reply', 'internal_note', 'system_event'] as const;
export type ThreadItemKind = (typeof THREAD_ITEM_KINDS)[number];

export interface ThreadItemState {
  readonly id: number;
  readonly ticketId: number;
  readonly kind: ThreadItemKind;
  readonly body: string;
  readonly authorAgentId: number | null;
  readonly authorContactId: number | null;
  readonly systemEvent: SystemEvent | null;
  readonly createdAt: Date;
}

export const MESSAGE_BODY_MAX_LENGTH = 100_000;

/**
 * Nothing in a thread is ever edited or deleted: the thread is the ticket's honest history. Internal notes
 * carry their own code so an agent who tries is told exactly why. Every write path asks this first.
 */
export function assertThreadItemMutable(item: Pick<ThreadItemState, 'kind' | 'id'>, action: 'edit' | 'delete'): never {
  if (item.kind === 'internal_note') {
    throw new DomainError(ErrorCodes.noteImmutable, `Internal notes can never be ${action === 'edit' ? 'edited' : 'deleted'}.`, {
      itemId: item.id,
      action,
    });
  }
  throw new DomainError(ErrorCodes.noteImmutable, `Thread items are part of the ticket's history and cannot be ${action === 'edit' ? 'edited' : 'deleted'}.`, {
    itemId: item.id,
    action,
  });
}
