import type { VisitorChatDto, VisitorMessageDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { type Outgoing, ThreadState } from './thread-state';

const at = '2026-11-23T10:00:00.000Z';
const chat: VisitorChatDto = { number: '1042', status: 'open', createdAt: at };
const agent = (id: number): VisitorMessageDto => ({ id, from: 'agent', authorName: 'Sam', body: `agent ${id}`, attachments: [], createdAt: at });
const stored = (id: number, outgoing: Outgoing): VisitorMessageDto => ({ id, from: 'customer', authorName: null, body: outgoing.body, attachments: [], createdAt: at });
const outgoing = (clientId: string, start?: Outgoing['start']): Outgoing => ({ clientId, body: `from ${clientId}`, files: [], ...(start ? { start } : {}) });

describe('ThreadState: the visitor\'s messages on their way', () => {
  it('shows a message at once as pending, and keeps it for resending until the server stores it', () => {
    const state = new ThreadState();
    const first = outgoing('client-aaaa', {});
    state.queue(first);
    expect(state.messages.map((m) => [m.clientId, m.state])).toEqual([['client-aaaa', 'pending']]);
    expect(state.pending).toEqual([first]);
    expect(state.hasConversation).toBe(true);

    expect(state.settle(first, { ok: true, data: { chat, message: stored(7, first) } })).toEqual({ kind: 'sent' });
    expect(state.messages.map((m) => [m.id, m.clientId, m.state])).toEqual([[7, 'client-aaaa', 'sent']]);
    expect(state.pending).toEqual([]);
    expect(state.chat).toEqual(chat);
  });

  it('sends a message again as chat:start when the chat it went to is no longer open, once', () => {
    const state = new ThreadState();
    const message = outgoing('client-bbbb');
    state.queue(message);
    const settled = state.settle(message, { ok: false, error: { code: 'chat/not_started', message: 'No chat.' } });
    expect(settled).toEqual({ kind: 'restart', outgoing: { ...message, start: {} } });
    if (settled.kind !== 'restart') throw new Error('expected a restart');
    // The restarted one is what waits now; refused again (it already starts a chat), it fails.
    expect(state.pending).toEqual([settled.outgoing]);
    expect(state.settle(settled.outgoing, { ok: false, error: { code: 'chat/not_started', message: 'No chat.' } })).toEqual({ kind: 'failed' });
    expect(state.messages.map((m) => m.state)).toEqual(['failed']);
    expect(state.pending).toEqual([]);
  });

  it('marks a refused message failed and does not send it again', () => {
    const state = new ThreadState();
    const message = outgoing('client-cccc', {});
    state.queue(message);
    expect(state.settle(message, { ok: false, error: { code: 'request/validation', message: 'Too long.' } })).toEqual({ kind: 'failed' });
    expect(state.messages.map((m) => m.state)).toEqual(['failed']);
    expect(state.pending).toEqual([]);
  });

  it('lets a message be on its way once at a time, so a reconnect does not send it twice in parallel', () => {
    const state = new ThreadState();
    const message = outgoing('client-dddd', {});
    expect(state.claim(message)).toBe(true);
    expect(state.claim(message)).toBe(false);
    state.release(message);
    expect(state.claim(message)).toBe(true);
  });
});

describe('ThreadState: catching up after a (re)connect', () => {
  it('asks for everything the first time, then only what came after the newest stored message', () => {
    const state = new ThreadState();
    expect(state.historyRequest()).toEqual({});
    const first = state.applyHistory({ chat, messages: [agent(3), agent(5)], agentSeenUpToItemId: null, state: null });
    expect(first).toEqual({ changed: true, first: true });
    expect(state.historyRequest()).toEqual({ afterItemId: 5 });
    // A reconnect that missed nothing: nothing to draw, and it is not the first any more.
    expect(state.applyHistory({ chat, messages: [], state: null })).toEqual({ changed: false, first: false });
    expect(state.messages.map((m) => m.id)).toEqual([3, 5]);
  });

  it('keeps the chat it knows when the history has none, and moves "Seen" only forward', () => {
    const state = new ThreadState();
    const mine = outgoing('client-eeee', {});
    state.queue(mine);
    state.settle(mine, { ok: true, data: { chat, message: stored(4, mine) } });
    state.applyHistory({ chat: null, messages: [], agentSeenUpToItemId: 4, state: null });
    expect(state.chat).toEqual(chat);
    expect(state.receipt()).toEqual({ id: 4, label: 'seen' });
    state.seenByAgent(2);
    expect(state.receipt()).toEqual({ id: 4, label: 'seen' });
  });
});

describe('ThreadState: receipts', () => {
  it('tells "received" while the chat is out of view and "seen" once in view, each message once', () => {
    const state = new ThreadState();
    expect(state.receiptDue(true)).toBeNull();
    state.merge([agent(1)]);
    expect(state.receiptDue(false)).toEqual({ event: 'chat:received', upToItemId: 1 });
    expect(state.receiptDue(false)).toBeNull();
    expect(state.receiptDue(true)).toEqual({ event: 'chat:seen', upToItemId: 1 });
    expect(state.receiptDue(true)).toBeNull();
    // Seen covers received: a newer message seen at once is not reported as received afterwards.
    state.merge([agent(2)]);
    expect(state.receiptDue(true)).toEqual({ event: 'chat:seen', upToItemId: 2 });
    expect(state.receiptDue(false)).toBeNull();
  });

  it('forgets the chat when it ends: its messages, what waited, and which receipts were told', () => {
    const state = new ThreadState();
    state.applyHistory({ chat, messages: [agent(1)], agentSeenUpToItemId: 1, state: null });
    state.queue(outgoing('client-ffff'));
    expect(state.receiptDue(true)).toEqual({ event: 'chat:seen', upToItemId: 1 });
    state.clear();
    expect([state.chat, state.messages, state.pending, state.hasConversation]).toEqual([null, [], [], false]);
    // A new chat's first agent message is reported, even with a lower id than the old chat's.
    state.merge([agent(1)]);
    expect(state.receiptDue(true)).toEqual({ event: 'chat:seen', upToItemId: 1 });
  });
});
