import { useI18n } from 'vue-i18n';
import { ApiError } from '../api/http';

/** The agent's-language message for a failure: `errors.<code>` when translated, else a generic one. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, te } = useI18n({ useScope: 'global' });
  return (error) => {
    const key = error instanceof ApiError ? `errors.${error.code}` : '';
    return key && te(key) ? t(key) : t('errors.generic');
  };
}
