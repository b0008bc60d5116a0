import { onBeforeUnmount, ref, watch } from 'vue';
import { useSubmission } from './use-submission';

/** How long typing may pause before the search runs. */
const SEARCH_DELAY_MS = 300;

/**
 * A searched, cursor-paged list (contacts, companies): the search runs when typing pauses, only the latest
 * answer fills the list (an earlier, slower one is dropped), and "more" continues from the last cursor.
 */
export function useSearchablePage<T>(fetch: (q: string, cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const query = ref('');
  const items = ref<T[]>([]) as { value: T[] };
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const { busy, error, run } = useSubmission();
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function search(): Promise<void> {
    const mine = ++generation;
    await run(async () => {
      const page = await fetch(query.value, null);
      if (mine !== generation) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    });
  }

  function more(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor) return Promise.resolve();
    const mine = generation;
    return run(async () => {
      const page = await fetch(query.value, cursor);
      if (mine !== generation) return;
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor;
    });
  }

  watch(query, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void search(), SEARCH_DELAY_MS);
  });
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer);
  });
  void search();
  return { query, items, nextCursor, loaded, busy, error, search, more };
}
