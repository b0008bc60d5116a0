import type { VisitorMessageDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { addPending, lastStoredId, mergeMessages, newClientId, setPendingState } from './thread';

const at = '2026-11-23T10:00:00.000Z';
const agent = (id: number, body = `agent ${id}`): VisitorMessageDto => ({ id, from: 'agent', authorName: 'Sam', body, attachments: [], createdAt: at });
const mine = (id: number, clientId: string, body: string): VisitorMessageDto => ({ id, from: 'customer', authorName: null, body, attachments: [], createdAt: at, clientId });

describe('mergeMessages', () => {
  it('adds each message once, however often it arrives (live fact, ack, history after a reconnect)', () => {
    let thread = mergeMessages([], [agent(1), agent(2)]);
    thread = mergeMessages(thread, [agent(2)]);
    thread = mergeMessages(thread, [agent(3), agent(1), agent(2)]);
    expect(thread.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('orders stored messages by id, whatever order they come in', () => {
    expect(mergeMessages([], [agent(5), agent(2), agent(9)]).map((m) => m.id)).toEqual([2, 5, 9]);
  });

  it('turns a pending message into the stored one by its client id, without a second copy', () => {
    let thread = addPending([], 'client-aaaa', 'Hello', new Date(at));
    thread = addPending(thread, 'client-bbbb', 'Still there?', new Date(at));
    expect(thread.map((m) => m.state)).toEqual(['pending', 'pending']);

    // The history fetched after a reconnect already holds the first one (the ack was lost)…
    thread = mergeMessages(thread, [agent(1), mine(2, 'client-aaaa', 'Hello')]);
    // …and the retry's ack (same client id) brings it again.
    thread = mergeMessages(thread, [mine(2, 'client-aaaa', 'Hello')]);
    expect(thread.map((m) => [m.id, m.body, m.state])).toEqual([
      [1, 'agent 1', 'sent'],
      [2, 'Hello', 'sent'],
      [undefined, 'Still there?', 'pending'],
    ]);
    expect(lastStoredId(thread)).toBe(2);
  });

  it('marks a refused message as failed, leaving the others alone', () => {
    let thread = addPending(mergeMessages([], [agent(1)]), 'client-cccc', 'x', new Date(at));
    thread = setPendingState(thread, 'client-cccc', 'failed');
    expect(thread.map((m) => m.state)).toEqual(['sent', 'failed']);
  });
});

describe('newClientId', () => {
  it('makes ids the server accepts, never the same twice', () => {
    const ids = new Set(Array.from({ length: 100 }, newClientId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});

describe('receipts', () => {
  it('puts "Delivered" under the visitor\'s newest stored message, and "Seen" once an agent has seen it', async () => {
    const { ownReceipt, newestAgentId } = await import('./thread');
    let thread = mergeMessages([], [mine(1, 'c-1', 'hi'), agent(2), mine(3, 'c-3', 'there')]);
    expect(ownReceipt(thread, null)).toEqual({ id: 3, label: 'delivered' });
    expect(ownReceipt(thread, 1)).toEqual({ id: 3, label: 'delivered' });
    expect(ownReceipt(thread, 3)).toEqual({ id: 3, label: 'seen' });
    expect(newestAgentId(thread)).toBe(2);
    // A message still waiting for its ack shows "Sending…" instead; the receipt stays on the stored one.
    thread = addPending(thread, 'c-4', 'pending', new Date());
    expect(ownReceipt(thread, 3)).toEqual({ id: 3, label: 'seen' });
    expect(ownReceipt(mergeMessages([], [agent(1)]), 1)).toBeNull();
    expect(newestAgentId([])).toBeUndefined();
  });
});
