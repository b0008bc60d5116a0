import { computed, type ComputedRef, ref } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The last thing a screen confirms ("Maria was added."), kept as a message key and its values so that
 * switching the language translates a notice already shown. Screens render `text` in a role="status" region.
 */
export function useNotice(): { text: ComputedRef<string>; say(key: string, params?: Record<string, unknown>): void; clear(): void } {
  const { t } = useI18n({ useScope: 'global' });
  const notice = ref<{ key: string; params: Record<string, unknown> } | null>(null);
  const text = computed(() => (notice.value ? t(notice.value.key, notice.value.params) : ''));
  return {
    text,
    say(key, params = {}) {
      notice.value = { key, params };
    },
    clear() {
      notice.value = null;
    },
  };
}
