import { onBeforeUnmount, ref, watch } from 'vue';
import { useLatestAnswer } from './use-latest-answer';

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
  // A search typed while the previous one is on its way is still sent; only the latest answer fills the list.
  const { busy, error, ask } = useLatestAnswer();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function search(): Promise<void> {
    return ask(
      () => fetch(query.value, null),
      (page) => {
        items.value = page.items;
        nextCursor.value = page.nextCursor;
        loaded.value = true;
      },
    );
  }

  function more(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || busy.value) return Promise.resolve();
    return ask(
      () => fetch(query.value, cursor),
      (page) => {
        items.value = [...items.value, ...page.items];
        nextCursor.value = page.nextCursor;
      },
    );
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
