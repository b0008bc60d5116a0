/**
 * The host page's side of the frame's storage fallback (frame/host-storage.ts): the loader keeps the values
 * the frame may not keep itself in the page's own localStorage, which is first-party here. Only the keys the
 * bridge allows are read or written, under a prefix of their own.
 */
import { FRAME_STORED_KEYS, type FrameStoredKey } from '../bridge';

const PREFIX = 'parley.frame.';

function localStorageOf(view: Window): Storage | null {
  try {
    return view.localStorage;
  } catch {
    return null;
  }
}

/** What the page kept for the frame. */
export function readFrameValues(view: Window): Partial<Record<FrameStoredKey, string>> {
  const storage = localStorageOf(view);
  const values: Partial<Record<FrameStoredKey, string>> = {};
  for (const key of FRAME_STORED_KEYS) {
    try {
      const value = storage?.getItem(PREFIX + key);
      if (value) values[key] = value;
    } catch {
      // Blocked here too: the frame gets nothing and the chat lasts as long as the frame.
    }
  }
  return values;
}

export function writeFrameValue(view: Window, key: FrameStoredKey, value: string | null): void {
  try {
    const storage = localStorageOf(view);
    if (value === null) storage?.removeItem(PREFIX + key);
    else storage?.setItem(PREFIX + key, value);
  } catch {
    // Full or blocked: as above.
  }
}
