import { computed, ref } from 'vue';
import { useErrorMessage } from './use-error-message';

/**
 * Questions asked one after another as the agent types, where only the latest answer counts: every question
 * is sent (none is dropped for being asked while another is on its way), an earlier answer that arrives
 * late is ignored, and `busy` and the error are the latest question's.
 */
export function useLatestAnswer() {
  const describeError = useErrorMessage();
  const busy = ref(false);
  const failure = ref<unknown>(null);
  const error = computed(() => (failure.value ? describeError(failure.value) : null));
  let generation = 0;

  async function ask<T>(question: () => Promise<T>, apply: (answer: T) => void): Promise<void> {
    const mine = ++generation;
    busy.value = true;
    try {
      const answer = await question();
      if (mine !== generation) return;
      failure.value = null;
      apply(answer);
    } catch (caught) {
      if (mine === generation) failure.value = caught;
    } finally {
      if (mine === generation) busy.value = false;
    }
  }

  /** Forgets the question on its way (its answer will be ignored). */
  function forget(): void {
    generation++;
    busy.value = false;
  }

  return { busy, error, ask, forget };
}
