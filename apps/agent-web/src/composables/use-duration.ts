import { useI18n } from 'vue-i18n';

type DurationPart = 'days' | 'hours' | 'minutes' | 'seconds';
type Duration = Partial<Record<DurationPart, number>>;

/** Intl.DurationFormat is newer than the console's TypeScript lib (ES2024); only what is used here. */
interface DurationFormatter {
  format(duration: Duration): string;
}
type DurationFormatConstructor = new (locale: string, options: { style: 'short' }) => DurationFormatter;

const SINGULAR: Record<DurationPart, 'day' | 'hour' | 'minute' | 'second'> = { days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second' };

/**
 * The two largest parts of a duration, e.g. "1 hr, 5 min" or "2 days, 3 hr": figures such as medians are
 * exact only to the minute past an hour, so a third part would claim a precision they do not have.
 */
export function durationParts(seconds: number): Duration {
  const whole = Math.max(0, Math.round(seconds));
  const all: [DurationPart, number][] = [
    ['days', Math.floor(whole / 86_400)],
    ['hours', Math.floor((whole % 86_400) / 3_600)],
    ['minutes', Math.floor((whole % 3_600) / 60)],
    ['seconds', whole % 60],
  ];
  const first = all.findIndex(([, value]) => value > 0);
  if (first < 0) return { seconds: 0 };
  return Object.fromEntries(all.slice(first, first + 2).filter(([, value], index) => index === 0 || value > 0));
}

/**
 * A duration in seconds in the language's own words, through Intl.DurationFormat where the browser has it
 * and Intl.NumberFormat's units joined as a unit list where it does not (the same words, a different joiner).
 */
export function formatDuration(seconds: number, locale: string, formatter: DurationFormatConstructor | null = durationFormat()): string {
  const parts = durationParts(seconds);
  // Intl.DurationFormat leaves zero parts out, which would leave nothing at all of no time: "0 sec".
  if (formatter && parts.seconds !== 0) return new formatter(locale, { style: 'short' }).format(parts);
  const words = (Object.entries(parts) as [DurationPart, number][]).map(([part, value]) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: SINGULAR[part], unitDisplay: 'short' }).format(value),
  );
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(words);
}

function durationFormat(): DurationFormatConstructor | null {
  return (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat ?? null;
}

/** formatDuration in the agent's current language. */
export function useDuration(): (seconds: number) => string {
  const { locale } = useI18n({ useScope: 'global' });
  return (seconds) => formatDuration(seconds, locale.value);
}
