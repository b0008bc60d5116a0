import type { ChatReceiptsDto, ThreadItemDto } from '@parley/protocol';

export type ReceiptLabel = 'seen' | 'delivered';

/**
 * Where a chat's receipts show in the thread: "Seen" under the newest of our replies the visitor has seen,
 * and "Delivered" under the newest one their widget received but they have not seen yet (if any). One label
 * each, as in any messenger, rather than a label under every reply.
 */
export function receiptLabels(items: readonly Pick<ThreadItemDto, 'id' | 'kind'>[], receipts: Pick<ChatReceiptsDto, 'seenUpToItemId' | 'deliveredUpToItemId'> | null): Map<number, ReceiptLabel> {
  const labels = new Map<number, ReceiptLabel>();
  if (!receipts) return labels;
  const seen = receipts.seenUpToItemId ?? 0;
  const delivered = Math.max(receipts.deliveredUpToItemId ?? 0, seen);
  let lastSeen: number | null = null;
  let lastDelivered: number | null = null;
  for (const item of items) {
    if (item.kind !== 'agent_reply') continue;
    if (item.id <= seen) lastSeen = item.id;
    else if (item.id <= delivered) lastDelivered = item.id;
  }
  if (lastSeen !== null) labels.set(lastSeen, 'seen');
  if (lastDelivered !== null) labels.set(lastDelivered, 'delivered');
  return labels;
}

/** The newest message of the visitor's: what an agent who has the chat open has seen. */
export function lastVisitorMessageId(items: readonly Pick<ThreadItemDto, 'id' | 'kind'>[]): number | null {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.kind === 'customer_message') return items[i]!.id;
  return null;
}
