import { useErrorMessage } from '../../composables/use-error-message';
import { useI18n } from 'vue-i18n';

/** A failed call action in words: a refused or missing microphone gets its own explanation. */
export function useCallError(): (failure: unknown) => string {
  const { t } = useI18n({ useScope: 'global' });
  const describe = useErrorMessage();
  return (failure) => {
    if (failure instanceof DOMException && ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'SecurityError'].includes(failure.name)) return t('calls.microphoneRefused');
    return describe(failure);
  };
}
