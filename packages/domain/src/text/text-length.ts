/**
 * Lengths of text count code points, as the request schemas (zod) and PostgreSQL's varchar do: an emoji is
 * one character, not two UTF-16 units, and a limit never falls inside a surrogate pair.
 */
export function textLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) if (text.codePointAt(i)! > 0xffff) i++;
  return length;
}

/**
 * At most `max` code points (what the schemas and PostgreSQL count), never splitting a surrogate pair; a
 * shortened text ends in `ellipsis`, counted within `max`.
 */
export function truncateText(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max - Array.from(ellipsis).length).join('')}${ellipsis}`;
}
