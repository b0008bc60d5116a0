import { onScopeDispose, ref } from 'vue';
import { useI18n } from 'vue-i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * "5 minutes ago" or "in 2 hours" in the agent's language (Intl, with the language's own plural rules),
 * refreshed every 30 s.
 */
export function useRelativeTime(): (at: string | null | undefined) => string {
  const { locale } = useI18n({ useScope: 'global' });
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, 30_000);
  onScopeDispose(() => clearInterval(timer));
  return (at) => {
    if (!at) return '';
    const delta = Date.parse(at) - now.value;
    const format = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
    for (const [unit, ms] of UNITS) {
      if (Math.abs(delta) >= ms) return format.format(Math.trunc(delta / ms), unit);
    }
    return format.format(0, 'minute');
  };
}

/** A date and time in the agent's language, e.g. for the ticket's times and the thread. */
export function useDateTime(): (at: string | null | undefined, style?: Intl.DateTimeFormatOptions) => string {
  const { locale } = useI18n({ useScope: 'global' });
  return (at, style = { dateStyle: 'medium', timeStyle: 'short' }) => (at ? new Intl.DateTimeFormat(locale.value, style).format(new Date(at)) : '');
}
