/**
 * Canned responses are texts with placeholders such as {{contact.name}}. A placeholder Parley does not know
 * is refused when the response is saved (unknownPlaceholders), so it can never reach a customer as written;
 * responses saved before that rule keep theirs as written, so the agent sees the gap before sending. Known
 * placeholders with no value become empty.
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

/** Anything written between double braces, to catch misspelt placeholders too ({{contact.nmae}}, {{ name }}). */
const ANY_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of a text that Parley would not fill, as written, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const [whole, key] of text.matchAll(ANY_PLACEHOLDER)) if (!KNOWN.has(key!)) unknown.add(whole);
  return [...unknown];
}

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
