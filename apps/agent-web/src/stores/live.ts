import type { TicketDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { useAgentConnectionStore } from './agent-connection';
import { useCallsStore } from './calls';
import { useChatRoutingStore } from './chat-routing';
import { useChatsStore } from './chats';
import { useDirectoryStore } from './directory';
import { useNotificationsStore } from './notifications';
import { usePresenceStore } from './presence';
import { useSavedViewsStore } from './saved-views';
import { useSessionStore } from './session';
import { useTeamChatStore } from './team-chat';
import { useThreadsStore } from './threads';
import { useTicketListStore } from './ticket-list';
import { useTicketsStore } from './tickets';

/**
 * What the live connection of a signed-in console (agent-connection) brings. Each server fact goes to the
 * store it concerns, one line each; after a reconnect (a network blip, a server restart) every store
 * re-fetches what it shows, and the tickets open on screen are watched again.
 */
export const useLiveStore = defineStore('live', () => {
  const connection = useAgentConnectionStore();
  const watched = new Set<number>();

  function start(): void {
    const live = connection.open(() => void resync());
    if (!live) return;
    const tickets = useTicketsStore();
    const list = useTicketListStore();
    const threads = useThreadsStore();
    const presence = usePresenceStore();
    const directory = useDirectoryStore();
    const notifications = useNotificationsStore();
    const savedViews = useSavedViewsStore();
    const teamChat = useTeamChatStore();
    const chats = useChatsStore();
    const routing = useChatRoutingStore();
    const calls = useCallsStore();

    live.on('connect', () => {
      // Chats ringing now (also those that started ringing while this console was away).
      void routing.hydrate().catch(() => undefined);
      void calls.connected().catch(() => undefined);
      for (const ticketId of watched) void connection.command('ticket:watch', { ticketId }).then((r) => presence.setViewers(ticketId, r.viewers)).catch(() => undefined);
    });
    const changed = (ticket: TicketDto) => {
      if (tickets.upsert(ticket)) list.place(ticket);
      else if (tickets.hidden.has(ticket.id)) list.drop(ticket.id);
      savedViews.recountSoon();
    };
    live.on('ticket:created', changed);
    live.on('ticket:updated', changed);
    live.on('ticket:hidden', ({ ticketId }) => {
      list.drop(ticketId);
      tickets.hide(ticketId);
      savedViews.recountSoon();
    });
    live.on('thread:item_created', (item) => {
      threads.addItem(item);
      // The visitor's message is what their typing was for.
      if (item.kind === 'customer_message') chats.setVisitorTyping(item.ticketId, false);
    });
    live.on('email:delivery', ({ ticketId, itemId, state }) => threads.setDelivery(ticketId, itemId, state));
    live.on('ticket:note_changed', ({ ticketId, note }) => threads.setNote(ticketId, note));
    live.on('ticket:viewers', ({ ticketId, viewers }) => presence.setViewers(ticketId, viewers));
    live.on('agent:presence', (p) => presence.setAgent(p));
    live.on('ticket:assigned_to_you', (notice) => {
      tickets.upsert(notice.ticket);
      notifications.add(notice);
    });
    live.on('ticket:rule_notice', (notice) => notifications.addRuleNotice(notice));
    live.on('ticket:bad_rating', (notice) => notifications.addRatingNotice(notice));
    live.on('chat:visitor_seen', ({ ticketId, upToItemId, deliveredUpToItemId }) => chats.setReceipts(ticketId, { seenUpToItemId: upToItemId, deliveredUpToItemId }));
    live.on('chat:visitor_typing', ({ ticketId, typing }) => chats.setVisitorTyping(ticketId, typing));
    live.on('team:message', (message) => teamChat.addMessage(message));
    live.on('team:typing', (typing) => teamChat.setTyping(typing));
    live.on('team:read', (read) => teamChat.setRead(read));
    live.on('team:mentioned', (notice) => teamChat.mentioned(notice));
    live.on('chat:offered', (offer) => routing.offered(offer));
    live.on('chat:offer_withdrawn', ({ ticketId }) => routing.withdrawn(ticketId));
    live.on('chat:mine', (mine) => routing.setMine(mine));
    live.on('chat:invited', (invitation) => routing.invited(invitation));
    live.on('call:ringing', (call) => calls.ringing(call));
    live.on('call:state', (call) => calls.upsert(call));
    live.on('call:stop_ringing', (stop) => calls.stopRinging(stop));
    live.on('call:signal', (signal) => calls.signal(signal));

    async function resync(): Promise<void> {
      await Promise.allSettled([
        list.loaded ? list.load() : Promise.resolve(),
        ...[...threads.byTicket.keys()].map((id) => threads.load(id)),
        presence.hydrate(),
        directory.hydrate(),
        // The agent's own departments may have changed meanwhile.
        useSessionStore().load(),
        savedViews.hydrate(),
        teamChat.resync(),
      ]);
    }
  }

  /** Shows this console as a viewer of the ticket and receives its thread live; answers who else views it. */
  async function watch(ticketId: number): Promise<void> {
    watched.add(ticketId);
    if (!connection.socket?.connected) return;
    const { viewers } = await connection.command('ticket:watch', { ticketId });
    usePresenceStore().setViewers(ticketId, viewers);
  }

  async function unwatch(ticketId: number): Promise<void> {
    watched.delete(ticketId);
    if (connection.socket?.connected) await connection.command('ticket:unwatch', { ticketId }).catch(() => undefined);
  }

  /**
   * Tells the ticket's other viewers that this agent is (or stopped) writing; best effort. `reply`: a public
   * reply, which a chat's visitor hears too; a note only the agents do.
   */
  function typing(ticketId: number, isTyping: boolean, reply = false): void {
    if (connection.socket?.connected) void connection.command('ticket:typing', { ticketId, typing: isTyping, reply }).catch(() => undefined);
  }

  /** The agent has the chat open and on screen: its visitor's messages up to this one are seen. Best effort. */
  function markChatSeen(ticketId: number, upToItemId: number): void {
    if (!connection.socket?.connected) return;
    void connection.command('chat:mark_seen', { ticketId, upToItemId })
      .then((receipts) => useChatsStore().setReceipts(ticketId, receipts))
      .catch(() => undefined);
  }

  function stop(): void {
    connection.close();
    watched.clear();
  }

  return { start, watch, unwatch, typing, markChatSeen, stop };
});
