import type { TeamConversationDto, TeamMentionedDto, TeamMessageDto, TeamReadDto, TeamTypingDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  createTeamChannel, joinTeamChannel, leaveTeamChannel, listTeamConversations, markTeamRead, openDirectConversation, teamHistory,
} from '../api/team-chat';
import { useSessionStore } from './session';

/** A typing flag lapses by itself when the typist's console stops renewing it. */
const TYPING_LAPSE_MS = 8_000;
const PAGE_SIZE = 50;

export interface History {
  /** Oldest first, as shown. */
  items: TeamMessageDto[];
  nextCursor: string | null;
  loading: boolean;
}

/**
 * The newest page laid over what was shown: the older messages stay when the page reaches them; when more was
 * missed than a page holds, the gap is not papered over — the history starts again from the page.
 */
export function mergeLatest(current: History | undefined, fresh: TeamMessageDto[], nextCursor: string | null): History {
  const first = fresh[0]?.id;
  const newestShown = current?.items.at(-1)?.id ?? null;
  const joins = current !== undefined && (nextCursor === null || first === undefined || (newestShown !== null && newestShown >= first));
  if (!current || !joins) return { items: fresh, nextCursor, loading: false };
  const older = current.items.filter((m) => first === undefined || m.id < first);
  return { items: [...older, ...fresh], nextCursor: older.length > 0 ? current.nextCursor : nextCursor, loading: false };
}

/** The internal team chat: conversations with their unread counts, the history loaded so far, who types where. */
export const useTeamChatStore = defineStore('teamChat', () => {
  const conversations = ref<TeamConversationDto[]>([]);
  const histories = ref(new Map<number, History>());
  const typing = ref(new Map<number, Map<number, number>>());
  /** Conversations with a mention of the agent not read yet. */
  const mentionedIn = ref(new Set<number>());
  /** The latest mention of the agent, for the alert (a chime and a system notification). */
  const lastMention = ref<TeamMentionedDto | null>(null);
  /** The conversation on screen: its new messages count as read. */
  const activeId = ref<number | null>(null);
  const loaded = ref(false);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const byId = computed(() => new Map(conversations.value.map((c) => [c.id, c])));
  const totalUnread = computed(() => conversations.value.reduce((sum, c) => sum + (c.joined ? c.unreadCount : 0), 0));

  async function hydrate(): Promise<void> {
    conversations.value = (await listTeamConversations()).items;
    loaded.value = true;
  }

  function upsertConversation(conversation: TeamConversationDto): void {
    const others = conversations.value.filter((c) => c.id !== conversation.id);
    conversations.value = [...others, conversation].sort((a, b) => a.id - b.id);
  }

  /** The newest page; after a reconnect it replaces what was shown, so nothing missed stays missing. */
  async function loadLatest(id: number): Promise<void> {
    const page = await teamHistory(id, null, PAGE_SIZE);
    histories.value.set(id, mergeLatest(histories.value.get(id), [...page.items].reverse(), page.nextCursor));
  }

  /** The page before the oldest shown (infinite scroll upward). */
  async function loadOlder(id: number): Promise<void> {
    const history = histories.value.get(id);
    if (!history?.nextCursor || history.loading) return;
    history.loading = true;
    try {
      const page = await teamHistory(id, history.nextCursor, PAGE_SIZE);
      const known = new Set(history.items.map((m) => m.id));
      history.items = [...[...page.items].reverse().filter((m) => !known.has(m.id)), ...history.items];
      history.nextCursor = page.nextCursor;
    } finally {
      history.loading = false;
    }
  }

  /** A message from the server (live, or the answer to the agent's own send): placed once, by id. */
  function addMessage(message: TeamMessageDto): void {
    const mine = message.authorAgentId === useSessionStore().agent?.id;
    const history = histories.value.get(message.conversationId);
    let isNew = true;
    if (history) {
      if (history.items.some((m) => m.id === message.id)) isNew = false;
      else history.items = [...history.items, message].sort((a, b) => a.id - b.id);
    }
    if (message.authorAgentId !== null) setTyping({ conversationId: message.conversationId, agentId: message.authorAgentId, typing: false });
    const conversation = byId.value.get(message.conversationId);
    if (!conversation) {
      // A conversation this console does not know yet (a new direct message): load the list again.
      void hydrate().catch(() => undefined);
      return;
    }
    conversation.lastMessageAt = message.createdAt;
    if (mine) {
      conversation.lastReadMessageId = Math.max(conversation.lastReadMessageId, message.id);
    } else if (isNew && message.id > conversation.lastReadMessageId) {
      if (activeId.value === message.conversationId && document.visibilityState === 'visible') void markRead(message.conversationId);
      else conversation.unreadCount += 1;
    }
  }

  function setRead(read: TeamReadDto): void {
    if (read.agentId !== useSessionStore().agent?.id) return;
    const conversation = byId.value.get(read.conversationId);
    if (!conversation || read.lastReadMessageId < conversation.lastReadMessageId) return;
    conversation.lastReadMessageId = read.lastReadMessageId;
    conversation.unreadCount = read.unreadCount;
    if (read.unreadCount === 0) mentionedIn.value.delete(read.conversationId);
  }

  function setTyping({ conversationId, agentId, typing: on }: TeamTypingDto): void {
    const key = `${conversationId}:${agentId}`;
    const timer = timers.get(key);
    if (timer) clearTimeout(timer);
    timers.delete(key);
    const inConversation = new Map(typing.value.get(conversationId) ?? []);
    if (on) {
      inConversation.set(agentId, Date.now());
      timers.set(key, setTimeout(() => setTyping({ conversationId, agentId, typing: false }), TYPING_LAPSE_MS));
    } else {
      inConversation.delete(agentId);
    }
    typing.value.set(conversationId, inConversation);
  }

  function mentioned(notice: TeamMentionedDto): void {
    if (activeId.value !== notice.conversationId) mentionedIn.value.add(notice.conversationId);
    lastMention.value = notice;
  }

  /** Marks the conversation read up to its newest message shown. */
  async function markRead(id: number): Promise<void> {
    const newest = histories.value.get(id)?.items.at(-1);
    const conversation = byId.value.get(id);
    mentionedIn.value.delete(id);
    if (!newest || !conversation || (conversation.unreadCount === 0 && newest.id <= conversation.lastReadMessageId)) return;
    setRead(await markTeamRead(id, newest.id));
  }

  async function createChannel(name: string): Promise<TeamConversationDto> {
    const conversation = await createTeamChannel(name);
    upsertConversation(conversation);
    return conversation;
  }

  async function join(id: number): Promise<void> {
    upsertConversation(await joinTeamChannel(id));
  }

  async function leave(id: number): Promise<void> {
    await leaveTeamChannel(id);
    histories.value.delete(id);
    await hydrate();
  }

  async function openDirect(agentId: number): Promise<TeamConversationDto> {
    const conversation = await openDirectConversation(agentId);
    upsertConversation(conversation);
    return conversation;
  }

  /** After a reconnect: the list and every history shown, fetched again. */
  async function resync(): Promise<void> {
    if (!loaded.value) return;
    await Promise.allSettled([hydrate(), ...[...histories.value.keys()].map((id) => loadLatest(id))]);
  }

  function reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    conversations.value = [];
    histories.value = new Map();
    typing.value = new Map();
    mentionedIn.value = new Set();
    lastMention.value = null;
    activeId.value = null;
    loaded.value = false;
  }

  return {
    conversations, histories, typing, mentionedIn, lastMention, activeId, loaded, byId, totalUnread,
    hydrate, loadLatest, loadOlder, addMessage, setRead, setTyping, mentioned, markRead, createChannel, join, leave, openDirect, resync, reset,
  };
});
