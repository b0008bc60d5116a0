import { useChatsStore } from './chats';
import { useDirectoryStore } from './directory';
import { useLiveStore } from './live';
import { useNotificationsStore } from './notifications';
import { usePresenceStore } from './presence';
import { useSavedViewsStore } from './saved-views';
import { useTeamChatStore } from './team-chat';
import { useThreadsStore } from './threads';
import { useTicketListStore } from './ticket-list';
import { useTicketsStore } from './tickets';

/** Everything a signed-in console loads before its first screen; the live connection follows. */
export async function startConsole(): Promise<void> {
  useLiveStore().start();
  await Promise.all([useDirectoryStore().hydrate(), usePresenceStore().hydrate(), useSavedViewsStore().hydrate(), useTeamChatStore().hydrate()]);
}

/** Forgets everything of the agent who signs out, so the next one starts clean. */
export function endConsole(): void {
  useLiveStore().stop();
  for (const store of [useTicketsStore(), useTicketListStore(), useThreadsStore(), useDirectoryStore(), usePresenceStore(), useSavedViewsStore(), useNotificationsStore(), useTeamChatStore(), useChatsStore()]) {
    store.reset();
  }
}
