import { textLength } from '../text/text-length.js';

/** Tags are short labels, compared case-insensitively and stored lower-case, without duplicates. */
export const TAG_MAX_LENGTH = 50;
export const TAGS_MAX_COUNT = 30;

export function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, '-');
    if (tag.length === 0 || textLength(tag) > TAG_MAX_LENGTH) continue;
    if (!out.includes(tag)) out.push(tag);
  }
  return out.slice(0, TAGS_MAX_COUNT);
}

export function diffTags(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((t) => !before.includes(t)), removed: before.filter((t) => !after.includes(t)) };
}
