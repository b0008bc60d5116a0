/**
 * Read receipts of a chat. Each side's marker only moves forward: a late or repeated receipt (another tab,
 * a reconnect resending an older one) never takes "seen" back. Seeing a message implies it was delivered.
 */
export interface ChatReceipts {
  /** The newest item the visitor's widget has received. */
  readonly deliveredUpToItemId: number | null;
  /** The newest item the visitor has had in view. */
  readonly seenUpToItemId: number | null;
}

export type VisitorReceiptKind = 'delivered' | 'seen';

/** The visitor's markers after a receipt, or null when it changes nothing (nothing to store or announce). */
export function advanceVisitorReceipts(current: ChatReceipts, kind: VisitorReceiptKind, upToItemId: number): ChatReceipts | null {
  const delivered = Math.max(current.deliveredUpToItemId ?? 0, upToItemId);
  const seen = kind === 'seen' ? Math.max(current.seenUpToItemId ?? 0, upToItemId) : current.seenUpToItemId;
  if (delivered === (current.deliveredUpToItemId ?? 0) && seen === current.seenUpToItemId) return null;
  return { deliveredUpToItemId: delivered, seenUpToItemId: seen };
}

/** The agents' marker over the visitor's messages after an agent saw up to an item, or null when it does not move. */
export function advanceAgentSeen(current: number | null, upToItemId: number): number | null {
  return current !== null && current >= upToItemId ? null : upToItemId;
}
