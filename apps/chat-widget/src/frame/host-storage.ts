/**
 * Where the frame keeps the visitor's token. The frame lives on Parley's origin inside the customer's page,
 * so browsers that block or partition third-party storage deny it its own localStorage, and a reload would
 * lose the chat (while the agent keeps a dead one). Then the host page keeps the values instead: the loader
 * runs in the page's own, first-party storage and answers through the postMessage bridge.
 */
import { type FrameStoredKey, type FrameToHost, type HostToFrame, isStoredKey } from '../bridge';

/** The part of Storage the frame uses. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The frame's own localStorage, or null where the browser denies it to a third-party frame. */
export function ownStorage(win: Window): Storage | null {
  try {
    const storage = win.localStorage;
    // Reading is what throws when access is denied (the property itself may not).
    storage.getItem('parley.visitorToken');
    return storage;
  } catch {
    return null;
  }
}

/** Values held in the frame and written through to the host page, which keeps them across reloads. */
export class HostStorage implements KeyValueStore {
  readonly #values: Map<string, string>;
  readonly #send: (message: FrameToHost) => void;

  constructor(send: (message: FrameToHost) => void, values: Partial<Record<FrameStoredKey, string>> = {}) {
    this.#send = send;
    this.#values = new Map(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  getItem(key: string): string | null {
    return this.#values.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.#values.set(key, value);
    if (isStoredKey(key)) this.#send({ parley: 1, type: 'store', key, value });
  }

  removeItem(key: string): void {
    this.#values.delete(key);
    if (isStoredKey(key)) this.#send({ parley: 1, type: 'store', key, value: null });
  }
}

/**
 * Asks the host page for what it kept. `receive` takes the bridge's messages; `storage` settles with the
 * host's values, or empty after `timeoutMs` when the page does not answer (a loader from before this bridge
 * message: the chat then lasts as long as the frame, as it did).
 */
export function storageFromHost(send: (message: FrameToHost) => void, timeoutMs = 2000): { receive(message: HostToFrame): void; storage: Promise<HostStorage> } {
  let settle: (storage: HostStorage) => void = () => undefined;
  const storage = new Promise<HostStorage>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => settle(new HostStorage(send)), timeoutMs);
  send({ parley: 1, type: 'load' });
  return {
    receive(message) {
      if (message.type !== 'stored') return;
      clearTimeout(timer);
      settle(new HostStorage(send, message.values));
    },
    storage,
  };
}
