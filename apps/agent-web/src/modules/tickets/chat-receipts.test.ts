import { describe, expect, it } from 'vitest';
import { lastVisitorMessageId, receiptLabels } from './chat-receipts';

const items = [
  { id: 1, kind: 'customer_message' as const },
  { id: 2, kind: 'agent_reply' as const },
  { id: 3, kind: 'internal_note' as const },
  { id: 4, kind: 'agent_reply' as const },
  { id: 5, kind: 'customer_message' as const },
  { id: 6, kind: 'agent_reply' as const },
];

describe('receiptLabels', () => {
  it('puts "Seen" under the newest seen reply and "Delivered" under the newest received one after it', () => {
    expect(receiptLabels(items, { seenUpToItemId: 4, deliveredUpToItemId: 6 })).toEqual(new Map([[4, 'seen'], [6, 'delivered']]));
    expect(receiptLabels(items, { seenUpToItemId: 6, deliveredUpToItemId: 6 })).toEqual(new Map([[6, 'seen']]));
    expect(receiptLabels(items, { seenUpToItemId: null, deliveredUpToItemId: 3 })).toEqual(new Map([[2, 'delivered']]));
  });

  it('shows nothing without receipts, or before the visitor received any reply', () => {
    expect(receiptLabels(items, null).size).toBe(0);
    expect(receiptLabels(items, { seenUpToItemId: null, deliveredUpToItemId: 1 }).size).toBe(0);
    expect(receiptLabels([{ id: 1, kind: 'customer_message' }], { seenUpToItemId: 1, deliveredUpToItemId: 1 }).size).toBe(0);
  });
});

describe('lastVisitorMessageId', () => {
  it('is the newest customer message, or null', () => {
    expect(lastVisitorMessageId(items)).toBe(5);
    expect(lastVisitorMessageId([{ id: 2, kind: 'agent_reply' }])).toBeNull();
  });
});
