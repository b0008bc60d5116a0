/** Quick choices for postponing, in the agent's own time zone: an hour from now, tomorrow 9:00, next Monday 9:00. */
export function presetTimes(now: Date): { inOneHour: Date; tomorrowMorning: Date; nextWeek: Date } {
  const inOneHour = new Date(now.getTime() + 3_600_000);
  inOneHour.setSeconds(0, 0);
  const tomorrowMorning = new Date(now);
  tomorrowMorning.setDate(now.getDate() + 1);
  tomorrowMorning.setHours(9, 0, 0, 0);
  const nextWeek = new Date(now);
  nextWeek.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  nextWeek.setHours(9, 0, 0, 0);
  return { inOneHour, tomorrowMorning, nextWeek };
}

/** The value a `datetime-local` input takes for a moment, in local time ("2026-11-24T09:00"). */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
