/**
 * The host page ↔ chat frame bridge. Both sides name the exact origin they talk to, never '*', and accept a
 * message only from the one window and origin they expect: the host from its own iframe on the Parley
 * server's origin, the frame from its parent on the origin the loader gave it.
 */

import type { TrailPage } from './loader/trail';

/**
 * What the frame may keep with the host page when its own storage is blocked (third-party storage blocked
 * or partitioned away): the visitor's token and the email they gave, nothing else.
 */
export const FRAME_STORED_KEYS = ['parley.visitorToken', 'parley.visitorEmail'] as const;
export type FrameStoredKey = (typeof FRAME_STORED_KEYS)[number];
const MAX_STORED_VALUE = 4096;

/** Frame → host. */
export type FrameToHost =
  | { parley: 1; type: 'ready' }
  | { parley: 1; type: 'unread'; count: number }
  | { parley: 1; type: 'close' }
  /** The frame cannot use its own storage: it asks for what the host page kept for it. */
  | { parley: 1; type: 'load' }
  | { parley: 1; type: 'store'; key: FrameStoredKey; value: string | null };
/** Host → frame. */
export type HostToFrame =
  | { parley: 1; type: 'visible'; visible: boolean }
  | { parley: 1; type: 'page'; url: string; title?: string }
  | { parley: 1; type: 'trail'; pages: TrailPage[] }
  | { parley: 1; type: 'stored'; values: Partial<Record<FrameStoredKey, string>> };

/** The origin of an http(s) URL, or undefined for anything else (javascript:, data:, garbage, 'null'). */
export function httpOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function isFrameToHost(data: unknown): data is FrameToHost {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  if (message.parley !== 1) return false;
  if (message.type === 'unread') return typeof message.count === 'number' && Number.isInteger(message.count) && message.count >= 0;
  if (message.type === 'store') return isStoredKey(message.key) && (message.value === null || isStoredValue(message.value));
  return message.type === 'ready' || message.type === 'close' || message.type === 'load';
}

export function isHostToFrame(data: unknown): data is HostToFrame {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  if (message.parley !== 1) return false;
  if (message.type === 'page') return typeof message.url === 'string' && (message.title === undefined || typeof message.title === 'string');
  if (message.type === 'trail') return Array.isArray(message.pages) && message.pages.length <= 20 && message.pages.every(isTrailPage);
  if (message.type === 'stored') {
    const values = message.values;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return false;
    return Object.entries(values).every(([key, value]) => isStoredKey(key) && isStoredValue(value));
  }
  return message.type === 'visible' && typeof message.visible === 'boolean';
}

/**
 * Listens on the host page for the frame's messages: only from `frame()`'s window and `frameOrigin`.
 * Returns a function that sends to the frame (to that origin only) and one that stops listening.
 */
export function hostBridge(
  win: Window,
  frameOrigin: string,
  frame: () => Window | null | undefined,
  onMessage: (message: FrameToHost) => void,
): { send(message: HostToFrame): void; stop(): void } {
  const listener = (event: MessageEvent): void => {
    const source = frame();
    if (!source || event.source !== source || event.origin !== frameOrigin) return;
    if (isFrameToHost(event.data)) onMessage(event.data);
  };
  win.addEventListener('message', listener);
  return {
    send: (message) => frame()?.postMessage(message, frameOrigin),
    stop: () => win.removeEventListener('message', listener),
  };
}

/**
 * The frame's side: talks to `win.parent` on `parentOrigin` only. Without a valid parent origin (or when the
 * frame page is opened on its own) it neither sends nor listens.
 */
export function frameBridge(
  win: Window,
  parentOrigin: string | undefined,
  onMessage: (message: HostToFrame) => void,
): { send(message: FrameToHost): void; stop(): void; readonly connected: boolean } {
  const origin = httpOrigin(parentOrigin);
  if (!origin || win.parent === win) return { send: () => undefined, stop: () => undefined, connected: false };
  const listener = (event: MessageEvent): void => {
    if (event.source !== win.parent || event.origin !== origin) return;
    if (isHostToFrame(event.data)) onMessage(event.data);
  };
  win.addEventListener('message', listener);
  return {
    send: (message) => win.parent.postMessage(message, origin),
    stop: () => win.removeEventListener('message', listener),
    connected: true,
  };
}

function isTrailPage(value: unknown): value is TrailPage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as Record<string, unknown>;
  const optional = (v: unknown) => v === undefined || typeof v === 'string';
  return typeof page.url === 'string' && typeof page.at === 'string' && optional(page.title) && optional(page.referrer);
}

export function isStoredKey(key: unknown): key is FrameStoredKey {
  return typeof key === 'string' && (FRAME_STORED_KEYS as readonly string[]).includes(key);
}

function isStoredValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_STORED_VALUE;
}
