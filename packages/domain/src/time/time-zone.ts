/**
 * Whether a name is an IANA time zone this runtime knows (`Europe/Sofia`, `UTC`). Fixed offsets such as
 * `+02:00`, which Intl also takes, are refused: a zone's offset changes with daylight saving and its history.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
