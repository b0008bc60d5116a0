/** The visitor's view of their chat: server messages by id, and their own messages still waiting for an ack. */

import type { AttachmentDto, VisitorMessageDto } from '@parley/protocol';

/** A message as the widget shows it: a stored one (with its server id), or the visitor's own on its way. */
export type ThreadMessage = Readonly<Omit<VisitorMessageDto, 'id' | 'clientId' | 'attachments'>> & {
  /** Server id once stored; undefined while pending. */
  readonly id?: number;
  /** The id the widget generated for its own message, kept across retries. */
  readonly clientId?: string;
  readonly state: 'sent' | 'pending' | 'failed';
  readonly attachments: readonly AttachmentDto[];
};

/**
 * Merges messages from the server (an ack, a live fact, a history page) into the thread without duplicates:
 * a known id is replaced, a pending message with the same clientId becomes the stored one, anything else is
 * added. Stored messages are ordered by id; pending ones follow in the order they were written.
 */
export function mergeMessages(thread: readonly ThreadMessage[], incoming: readonly VisitorMessageDto[]): ThreadMessage[] {
  const byId = new Map<number, ThreadMessage>();
  const pending: ThreadMessage[] = [];
  for (const message of thread) {
    if (message.id === undefined) pending.push(message);
    else byId.set(message.id, message);
  }
  for (const message of incoming) {
    const stored: ThreadMessage = {
      id: message.id,
      from: message.from,
      authorName: message.authorName,
      body: message.body,
      createdAt: message.createdAt,
      state: 'sent',
      attachments: message.attachments,
      ...(message.clientId ? { clientId: message.clientId } : {}),
    };
    byId.set(message.id, stored);
    if (message.clientId) {
      const index = pending.findIndex((p) => p.clientId === message.clientId);
      if (index >= 0) pending.splice(index, 1);
    }
  }
  return [...[...byId.values()].sort((a, b) => (a.id as number) - (b.id as number)), ...pending];
}

/** Adds the visitor's own message, pending until the server acknowledges it. */
export function addPending(thread: readonly ThreadMessage[], clientId: string, body: string, now: Date, attachments: readonly AttachmentDto[] = []): ThreadMessage[] {
  return [...thread, { clientId, from: 'customer', authorName: null, body, createdAt: now.toISOString(), state: 'pending', attachments }];
}

export function setPendingState(thread: readonly ThreadMessage[], clientId: string, state: 'pending' | 'failed'): ThreadMessage[] {
  return thread.map((m) => (m.id === undefined && m.clientId === clientId ? { ...m, state } : m));
}

/** The newest stored id: where a `chat:history` after a reconnect starts. */
export function lastStoredId(thread: readonly ThreadMessage[]): number | undefined {
  let last: number | undefined;
  for (const m of thread) if (m.id !== undefined && (last === undefined || m.id > last)) last = m.id;
  return last;
}

/** A client id the server accepts (8–64 of A–Z a–z 0–9 _ -), unguessable enough to never collide. */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `w-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The newest stored message from an agent: what the widget tells the server it has received (or seen). */
export function newestAgentId(thread: readonly ThreadMessage[]): number | undefined {
  let newest: number | undefined;
  for (const m of thread) if (m.from === 'agent' && m.id !== undefined && (newest === undefined || m.id > newest)) newest = m.id;
  return newest;
}

/**
 * The receipt under the visitor's newest stored message, as in any messenger: "Seen" once an agent has seen
 * up to it, else "Delivered" (it is stored: the server acknowledged it after commit). Pending or failed
 * messages show their own state instead, so they get none.
 */
export function ownReceipt(thread: readonly ThreadMessage[], agentSeenUpToId: number | null): { id: number; label: 'delivered' | 'seen' } | null {
  let newest: number | undefined;
  for (const m of thread) if (m.from === 'customer' && m.id !== undefined && (newest === undefined || m.id > newest)) newest = m.id;
  if (newest === undefined) return null;
  return { id: newest, label: agentSeenUpToId !== null && agentSeenUpToId >= newest ? 'seen' : 'delivered' };
}
