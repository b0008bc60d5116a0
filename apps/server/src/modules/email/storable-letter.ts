import { toStorableText } from '@parley/domain';

/**
 * A letter cannot be refused for its text the way a request can, so every string parsed from one goes
 * through `toStorableText` here, once: NUL characters dropped, unpaired surrogates replaced by U+FFFD.
 * File contents (Buffers) and dates are left as they are.
 */
export function storableLetter<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T;
  if (Array.isArray(value)) return value.map(storableLetter) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storableLetter(item)])) as T;
  }
  return value;
}
