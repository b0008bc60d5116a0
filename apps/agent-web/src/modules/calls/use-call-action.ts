import { computed, ref } from 'vue';
import { useCallError } from './use-call-error';

/** One call action at a time (start, accept, join…), its failure kept to be shown in the agent's language. */
export function useCallAction() {
  const describe = useCallError();
  const busy = ref(false);
  const failure = ref<unknown>(null);
  const error = computed(() => (failure.value ? describe(failure.value) : null));
  async function run(action: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    failure.value = null;
    try {
      await action();
    } catch (caught) {
      failure.value = caught;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
