import { onScopeDispose, type Ref, ref, watch } from 'vue';

const SAVE_DELAY_MS = 300;

/**
 * A piece of unsent work kept in this browser under a key, so a reload, a crash or a lost connection never
 * costs the agent what they typed. `clear()` after the server has accepted it.
 */
export function useDraft<T>(key: () => string | null, empty: () => T): { value: Ref<T>; clear(): void } {
  const value = ref(empty()) as Ref<T>;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let currentKey: string | null = null;

  function save(): void {
    if (!currentKey) return;
    try {
      const isEmpty = JSON.stringify(value.value) === JSON.stringify(empty());
      if (isEmpty) localStorage.removeItem(currentKey);
      else localStorage.setItem(currentKey, JSON.stringify(value.value));
    } catch {
      // Storage full or disabled: the draft lives as long as the page.
    }
  }

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
      save();
    }
  }

  watch(
    key,
    (next) => {
      flush();
      currentKey = next;
      value.value = read(next) ?? empty();
    },
    { immediate: true },
  );
  watch(
    value,
    () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        save();
      }, SAVE_DELAY_MS);
    },
    { deep: true },
  );
  onScopeDispose(flush);
  window.addEventListener('pagehide', flush);
  onScopeDispose(() => window.removeEventListener('pagehide', flush));

  function read(storageKey: string | null): T | null {
    if (!storageKey) return null;
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? ({ ...empty(), ...JSON.parse(raw) } as T) : null;
    } catch {
      return null;
    }
  }

  return {
    value,
    clear() {
      if (timer) clearTimeout(timer);
      timer = null;
      value.value = empty();
      save();
    },
  };
}
