import { onScopeDispose, ref } from 'vue';
import { useI18n } from 'vue-i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago" in the agent's language (Intl, with the language's own plural rules), refreshed every 30 s. */
export function useWaitingTime(): (since: string | null) => string {
  const { locale } = useI18n({ useScope: 'global' });
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, 30_000);
  onScopeDispose(() => clearInterval(timer));
  return (since) => {
    if (!since) return '';
    const elapsed = Math.max(0, now.value - Date.parse(since));
    const format = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' });
    for (const [unit, ms] of UNITS) {
      if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
    }
    return format.format(0, 'minute');
  };
}
