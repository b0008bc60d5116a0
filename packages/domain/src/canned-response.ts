/**
 * Canned responses are texts with placeholders such as {{contact.name}}. Unknown placeholders stay as
 * written so an agent sees the gap instead of a silent blank; known ones with no value become empty.
 */
export const CANNED_PLACEHOLDERS = [
  'contact.name',
  'contact.firstName',
  'contact.email',
  'agent.name',
  'agent.firstName',
  'ticket.number',
  'ticket.subject',
  'department.name',
] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

export type PlaceholderValues = Partial<Record<CannedPlaceholder, string | number | null>>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+\.[a-zA-Z]+)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(CANNED_PLACEHOLDERS);

export function renderCannedResponse(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    if (!KNOWN.has(key)) return whole;
    const value = values[key as CannedPlaceholder];
    return value === null || value === undefined ? '' : String(value);
  });
}

export function firstName(fullName: string | null | undefined): string | null {
  if (!fullName) return null;
  const first = fullName.trim().split(/\s+/)[0];
  return first && first.length > 0 ? first : null;
}
