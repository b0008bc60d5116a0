import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { useSessionStore } from './session';

const MAX_TABS = 12;

/**
 * The tickets open as tabs inside the console, in the order they were opened; they survive a reload (kept
 * per agent in this browser). Opening a thirteenth closes the oldest.
 */
export const useTabsStore = defineStore('tabs', () => {
  const session = useSessionStore();
  const ticketIds = ref<number[]>([]);
  let storageKey: string | null = null;

  watch(
    () => session.agent?.id,
    (agentId) => {
      storageKey = agentId ? `parley.agent.${agentId}.tabs` : null;
      ticketIds.value = storageKey ? readIds(storageKey) : [];
    },
    { immediate: true },
  );

  function persist(): void {
    if (!storageKey) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify(ticketIds.value));
    } catch {
      // Storage may be full or disabled: the tabs then last for this page only.
    }
  }

  function open(ticketId: number): void {
    if (ticketIds.value.includes(ticketId)) return;
    ticketIds.value = [...ticketIds.value, ticketId].slice(-MAX_TABS);
    persist();
  }

  /** Closes a tab; answers the tab to show instead (its neighbour), or null for the list. */
  function close(ticketId: number): number | null {
    const index = ticketIds.value.indexOf(ticketId);
    if (index < 0) return null;
    ticketIds.value = ticketIds.value.filter((id) => id !== ticketId);
    persist();
    return ticketIds.value[Math.min(index, ticketIds.value.length - 1)] ?? null;
  }

  return { ticketIds, open, close };
});

function readIds(key: string): number[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isInteger(id) && id > 0).slice(-MAX_TABS) : [];
  } catch {
    return [];
  }
}
