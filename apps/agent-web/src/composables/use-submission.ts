import { computed, type Ref, ref } from 'vue';
import { useErrorMessage } from './use-error-message';

/**
 * One form action at a time: ignores a second submit while busy, and keeps the failure (not its text),
 * so switching the language translates a message already shown. `describe` words a failure (the server's
 * error codes by default).
 */
export function useSubmission(
  initialFailure: unknown = null,
  describe?: (failure: unknown) => string,
): {
  busy: Ref<boolean>;
  failure: Ref<unknown>;
  error: Readonly<Ref<string | null>>;
  run(action: () => Promise<void>): Promise<void>;
} {
  const describeError = describe ?? useErrorMessage();
  const busy = ref(false);
  const failure = ref<unknown>(initialFailure);
  const error = computed(() => (failure.value ? describeError(failure.value) : null));

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

  return { busy, failure, error, run };
}
