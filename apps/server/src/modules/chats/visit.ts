import type { VisitorContextDto } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { ChatSession } from './chat-session.entity.js';
import type { Visitor } from './visitor.entity.js';

export type Visit = NonNullable<VisitorContextDto['visitor']>;

/** The visit as agents see it; `left` when these are the last known details of a chat the visitor let go of. */
export function presentVisit(visitor: Visitor, left: boolean): Visit {
  const pages = visitor.pages ?? [];
  return {
    verified: visitor.verified,
    externalUserId: visitor.externalUserId ?? null,
    claimedEmail: visitor.claimedEmail ?? null,
    currentPage: pages.at(-1) ?? (visitor.page ? { url: visitor.page.url, ...(visitor.page.title ? { title: visitor.page.title } : {}), at: visitor.updatedAt.toISOString() } : null),
    pages,
    referrer: visitor.referrer ?? visitor.page?.referrer ?? null,
    browser: visitor.browser ?? null,
    os: visitor.os ?? null,
    language: visitor.language ?? null,
    timeZone: visitor.timeZone ?? null,
    lastSeenAt: visitor.updatedAt.toISOString(),
    left,
  };
}

/** Called (in the transaction) as the visitor lets go of a chat: the chat keeps their last known details. */
export async function keepVisitWithChat(tx: Em, ticketId: number, visitor: Visitor): Promise<void> {
  await tx.nativeUpdate(ChatSession, { ticket: ticketId }, { visit: presentVisit(visitor, true) });
}
