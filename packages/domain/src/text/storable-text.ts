/**
 * What text Parley stores, once for both databases. PostgreSQL cannot hold U+0000 in text at all, and an
 * unpaired UTF-16 surrogate has no UTF-8 form (both drivers would quietly write U+FFFD instead), so neither
 * could come back as it was sent. Everything else is text and is kept exactly: every plane, private use,
 * noncharacters, controls, joiners, combining marks, bidi marks.
 */
export type UnstorableTextReason = 'nul' | 'lone_surrogate';

export function unstorableTextReason(text: string): UnstorableTextReason | null {
  if (text.includes('\u0000')) return 'nul';
  if (!text.isWellFormed()) return 'lone_surrogate';
  return null;
}

export interface UnstorableText {
  /** Where in the value, dotted (`contact.name`, `tags.2`); an object key that is itself unstorable is named by its parent. */
  readonly path: string;
  readonly reason: UnstorableTextReason;
}

/**
 * The first string anywhere in a JSON-like value (keys included) that could not be stored exactly, or null.
 * Walks with its own stack: a deeply nested body must be refused, not overflow the call stack.
 */
export function findUnstorableText(value: unknown): UnstorableText | null {
  // Each entry links to its parent, so the path is built only for the one string refused.
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next.value;
    if (typeof current === 'string') {
      const reason = unstorableTextReason(current);
      if (reason) return { path: pathOf(next), reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], key: i, parent: next });
    } else if (isPlainObject(current)) {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        const reason = unstorableTextReason(key);
        if (reason) return { path: pathOf(next), reason };
      }
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], key: entries[i]![0], parent: next });
    }
  }
  return null;
}

interface Visit {
  readonly value: unknown;
  readonly key: string | number | null;
  readonly parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: (string | number)[] = [];
  for (let at: Visit | null = visit; at !== null && at.key !== null; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Text that arrived where it cannot be refused (a letter from outside) made storable: NUL characters are
 * dropped — they are padding or a mislabelled UTF-16 body, never meant to be read — and an unpaired
 * surrogate becomes U+FFFD, the same mark a decoder leaves for bytes it could not read.
 */
export function toStorableText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed();
}
