import { useI18n } from 'vue-i18n';
import { ApiError } from '../api/http';

/** A problem the form finds before asking the server: a message key of this app and its values. */
export class FormProblem {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {}
}

/**
 * The agent's-language message for a failure: a form problem's own message, `errors.<code>` for a refusal
 * of the server when translated, else a generic one. Views keep the failure, not the text, so switching the
 * language translates a message already shown.
 */
export function useErrorMessage(): (failure: unknown) => string {
  const { t, te } = useI18n({ useScope: 'global' });
  return (failure) => {
    if (failure instanceof FormProblem) return t(failure.key, failure.params);
    const key = failure instanceof ApiError ? `errors.${failure.code}` : '';
    return key && te(key) ? t(key) : t('errors.generic');
  };
}
