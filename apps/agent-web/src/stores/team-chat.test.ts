import type { AgentDto, TeamConversationDto, TeamMessageDto } from '@parley/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from './session';
import { mergeLatest, useTeamChatStore } from './team-chat';

const ME = 1;

function conversation(id: number, overrides: Partial<TeamConversationDto> = {}): TeamConversationDto {
  return {
    id, kind: 'department', name: `Channel ${id}`, departmentId: id, otherAgentId: null, joined: true, memberIds: [ME, 2],
    unreadCount: 0, lastReadMessageId: 0, lastMessageAt: null, createdAt: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

function message(id: number, conversationId: number, authorAgentId: number): TeamMessageDto {
  return { id, conversationId, authorAgentId, body: `m${id}`, mentions: [], clientId: null, attachments: [], createdAt: '2026-01-01T00:00:00.000Z' };
}

describe('team chat store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().agent = { id: ME } as AgentDto;
  });

  it('counts a colleague\'s new message once, never the agent\'s own, and sums joined conversations', () => {
    const store = useTeamChatStore();
    store.conversations = [conversation(1), conversation(2, { kind: 'channel', joined: false, unreadCount: 4 })];
    store.histories.set(1, { items: [], nextCursor: null, loading: false });
    store.addMessage(message(10, 1, 2));
    store.addMessage(message(10, 1, 2));
    store.addMessage(message(11, 1, ME));
    expect(store.byId.get(1)?.unreadCount).toBe(1);
    expect(store.byId.get(1)?.lastReadMessageId).toBe(11);
    expect(store.histories.get(1)?.items.map((m) => m.id)).toEqual([10, 11]);
    expect(store.totalUnread).toBe(1);
  });

  it('takes the agent\'s own read marker, never an older one', () => {
    const store = useTeamChatStore();
    store.conversations = [conversation(1, { unreadCount: 3, lastReadMessageId: 5 })];
    store.setRead({ conversationId: 1, agentId: 2, lastReadMessageId: 9, unreadCount: 0 });
    expect(store.byId.get(1)?.unreadCount).toBe(3);
    store.setRead({ conversationId: 1, agentId: ME, lastReadMessageId: 4, unreadCount: 9 });
    expect(store.byId.get(1)?.unreadCount).toBe(3);
    store.setRead({ conversationId: 1, agentId: ME, lastReadMessageId: 9, unreadCount: 0 });
    expect(store.byId.get(1)).toMatchObject({ unreadCount: 0, lastReadMessageId: 9 });
  });

  it('lets a typing flag lapse when it is not renewed, and ends it with the typist\'s message', () => {
    vi.useFakeTimers();
    try {
      const store = useTeamChatStore();
      store.conversations = [conversation(1)];
      store.setTyping({ conversationId: 1, agentId: 2, typing: true });
      expect([...(store.typing.get(1)?.keys() ?? [])]).toEqual([2]);
      vi.advanceTimersByTime(8_000);
      expect(store.typing.get(1)?.size).toBe(0);
      store.setTyping({ conversationId: 1, agentId: 2, typing: true });
      store.addMessage(message(12, 1, 2));
      expect(store.typing.get(1)?.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lays the newest page over the history shown, and starts again when more was missed than a page holds', () => {
    const shown = { items: [message(1, 1, 2), message(2, 1, 2), message(3, 1, 2)], nextCursor: '1', loading: false };
    expect(mergeLatest(shown, [message(3, 1, 2), message(4, 1, 2)], '3')).toEqual({ items: [1, 2, 3, 4].map((id) => message(id, 1, 2)), nextCursor: '1', loading: false });
    expect(mergeLatest(shown, [message(60, 1, 2), message(61, 1, 2)], '60')).toEqual({ items: [message(60, 1, 2), message(61, 1, 2)], nextCursor: '60', loading: false });
    expect(mergeLatest(undefined, [message(5, 1, 2)], null)).toEqual({ items: [message(5, 1, 2)], nextCursor: null, loading: false });
  });
});
