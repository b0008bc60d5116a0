import type { SavedViewDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { createSavedView, deleteSavedView, listSavedViews, type SavedViewBody, type SavedViewPatch, updateSavedView } from '../api/views';

/** How long counts may lag behind a burst of ticket events: one re-count per burst, not one per event. */
const RECOUNT_DELAY_MS = 2_000;

/** The agent's own saved views of the ticket list, with their live counts. */
export const useSavedViewsStore = defineStore('savedViews', () => {
  const views = ref<SavedViewDto[]>([]);
  let recountTimer: ReturnType<typeof setTimeout> | null = null;

  async function hydrate(): Promise<void> {
    views.value = (await listSavedViews()).items;
  }

  /** Ticket facts change counts: re-count once the burst settles. */
  function recountSoon(): void {
    if (recountTimer) return;
    recountTimer = setTimeout(() => {
      recountTimer = null;
      void hydrate().catch(() => undefined);
    }, RECOUNT_DELAY_MS);
  }

  async function create(body: SavedViewBody): Promise<SavedViewDto> {
    const view = await createSavedView(body);
    views.value = [...views.value, view];
    return view;
  }

  async function update(id: number, patch: SavedViewPatch): Promise<void> {
    const view = await updateSavedView(id, patch);
    views.value = views.value.map((v) => (v.id === id ? view : v));
  }

  async function remove(id: number): Promise<void> {
    await deleteSavedView(id);
    views.value = views.value.filter((v) => v.id !== id);
  }

  function reset(): void {
    if (recountTimer) clearTimeout(recountTimer);
    recountTimer = null;
    views.value = [];
  }

  return { views, hydrate, recountSoon, create, update, remove, reset };
});
