import { useI18n } from 'vue-i18n';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "1.2 MB" in the agent's language, through Intl's unit formatting. */
export function useFileSize(): (bytes: number) => string {
  const { locale } = useI18n({ useScope: 'global' });
  return (bytes) => {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return new Intl.NumberFormat(locale.value, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  };
}
