import { type FrameToHost, hostBridge } from '../bridge';
import { readFrameValues, writeFrameValue } from './frame-storage';
import { detectLocale, messages } from '../i18n/messages';
import type { WidgetConfig } from './config';
import { addToTrail, readTrail, sessionStorageOf } from './trail';

/** The id of the host element the widget adds to the page; a second copy of widget.js finds it and stays idle. */
export const HOST_ID = 'parley-chat-widget';

export interface WidgetHandle {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly config: WidgetConfig;
  /** The chat frame, created on the first open. */
  frame(): HTMLIFrameElement | undefined;
  unread(): number;
  isOpen(): boolean;
  setOpen(open: boolean): void;
  toggle(): void;
  destroy(): void;
}

// Everything lives inside a shadow root, so none of these rules reach the host page and none of
// its rules reach in. `all: initial` on :host also stops inherited properties (font, color,
// line-height...) from flowing in through the host element.
const STYLES = `
:host {
  all: initial;
  position: fixed;
  right: 20px;
  bottom: 20px;
  z-index: 2147483000;
  display: flex;
  flex-direction: column;
  align-items: flex-end;
  gap: 12px;
  font: 15px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1f2328;
}
:host([data-position='left']) { right: auto; left: 20px; align-items: flex-start; }
*, *::before, *::after { box-sizing: border-box; }
.launcher {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 56px;
  height: 56px;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 50%;
  background: var(--parley-colour, #2563eb);
  color: #fff;
  cursor: pointer;
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
}
.launcher:hover { filter: brightness(0.9); }
.launcher:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.launcher { position: relative; }
.badge {
  position: absolute;
  top: -4px;
  right: -4px;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border-radius: 11px;
  background: #dc2626;
  color: #fff;
  font: 600 12px/22px system-ui, sans-serif;
  text-align: center;
}
.panel {
  width: min(370px, calc(100vw - 40px));
  height: min(600px, calc(100vh - 110px));
  border-radius: 12px;
  overflow: hidden;
  background: #fff;
  box-shadow: 0 8px 30px rgb(0 0 0 / 0.2);
}
.panel[hidden] { display: none; }
.panel iframe { display: block; width: 100%; height: 100%; border: 0; }
`;

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z"/></svg>';
const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>';

/** Adds the launcher to the page, or returns undefined when a widget is already there. */
export function mountWidget(doc: Document, config: WidgetConfig): WidgetHandle | undefined {
  if (doc.getElementById(HOST_ID)) return undefined;

  const locale = detectLocale(doc);
  const text = messages[locale];

  const host = doc.createElement('div');
  host.id = HOST_ID;
  const root = host.attachShadow({ mode: 'open' });

  const style = doc.createElement('style');
  style.textContent = STYLES;

  const panel = doc.createElement('section');
  panel.id = 'panel';
  panel.className = 'panel';
  panel.lang = locale;
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', text.title);

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.lang = locale;
  launcher.setAttribute('aria-controls', panel.id);

  const view = doc.defaultView ?? window;
  const frameOrigin = new URL(config.serverUrl).origin;
  let frame: HTMLIFrameElement | undefined;
  let unread = 0;
  const storage = sessionStorageOf(view);
  const currentPage = () => ({ url: doc.URL, ...(doc.title ? { title: doc.title } : {}) });
  let lastPage = `${doc.URL}\n${doc.title}`;
  addToTrail(storage, currentPage(), new Date(), doc.referrer);
  const bridge = hostBridge(view, frameOrigin, () => frame?.contentWindow, (message: FrameToHost) => {
    if (message.type === 'close') {
      setOpen(false);
      launcher.focus();
    } else if (message.type === 'unread') {
      unread = message.count;
      render();
    } else if (message.type === 'load') {
      bridge.send({ parley: 1, type: 'stored', values: readFrameValues(view) });
    } else if (message.type === 'store') {
      writeFrameValue(view, message.key, message.value);
    } else {
      bridge.send({ parley: 1, type: 'trail', pages: readTrail(storage) });
      bridge.send({ parley: 1, type: 'visible', visible: isOpen() });
    }
  });

  // The agent sees where the visitor is: a page changed without a reload (a single-page site) joins the trail and is told to the frame.
  const watchPage = view.setInterval(() => {
    const page = `${doc.URL}\n${doc.title}`;
    if (page === lastPage) return;
    lastPage = page;
    addToTrail(storage, currentPage(), new Date());
    if (frame) bridge.send({ parley: 1, type: 'page', url: doc.URL.slice(0, 2000), ...(doc.title ? { title: doc.title.slice(0, 500) } : {}) });
  }, 2_000);

  const ensureFrame = (): void => {
    if (frame) return;
    frame = doc.createElement('iframe');
    frame.title = text.title;
    frame.src = frameUrl(config, locale, doc);
    panel.append(frame);
  };

  const render = (): void => {
    const open = isOpen();
    launcher.setAttribute('aria-expanded', String(open));
    const name = open ? text.close : text.open;
    const count = open ? 0 : unread;
    launcher.setAttribute('aria-label', count > 0 ? `${name}, ${text.unread.replace('{count}', String(count))}` : name);
    launcher.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
    if (count > 0) {
      const badge = doc.createElement('span');
      badge.className = 'badge';
      badge.setAttribute('aria-hidden', 'true');
      badge.textContent = count > 99 ? '99+' : String(count);
      launcher.append(badge);
    }
  };

  const setOpen = (open: boolean): void => {
    if (open) {
      ensureFrame();
      remember(view, true);
    }
    panel.hidden = !open;
    if (frame) bridge.send({ parley: 1, type: 'visible', visible: open });
    if (open) frame?.focus();
    render();
  };
  const isOpen = (): boolean => !panel.hidden;
  const toggle = (): void => setOpen(!isOpen());

  launcher.addEventListener('click', toggle);
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && isOpen()) {
      setOpen(false);
      launcher.focus();
    }
  });

  setOpen(false);
  // A visitor who opened the chat earlier in this visit keeps their conversation connected from page to page.
  if (remember(view)) ensureFrame();
  root.append(style, panel, launcher);
  doc.body.append(host);

  return {
    host,
    root,
    config,
    frame: () => frame,
    unread: () => unread,
    isOpen,
    setOpen,
    toggle,
    destroy: () => {
      view.clearInterval(watchPage);
      bridge.stop();
      host.remove();
    },
  };
}

const ENGAGED_KEY = 'parley.engaged';

/** Whether the visitor opened the chat during this visit (sessionStorage of the host page); with `set`, records it. */
function remember(view: Window, set?: true): boolean {
  try {
    if (set) view.sessionStorage.setItem(ENGAGED_KEY, '1');
    return view.sessionStorage.getItem(ENGAGED_KEY) === '1';
  } catch {
    return false; // storage blocked: the frame loads on open, as before
  }
}

/** Applies a widget's looks from its config: a #rrggbb colour (nothing else reaches the CSS) and the side. */
export function applyLook(host: HTMLElement, look: { colour?: string; position?: string }): void {
  if (look.colour && /^#[0-9a-fA-F]{6}$/.test(look.colour)) host.style.setProperty('--parley-colour', look.colour);
  host.setAttribute('data-position', look.position === 'left' ? 'left' : 'right');
}

/**
 * The chat frame's address on the Parley server. What the frame needs travels in the fragment (never sent to
 * the server): the locale, the host page's origin (the only one the frame will talk to), the department and
 * the page the visitor is on.
 */
export function frameUrl(config: WidgetConfig, locale: string, doc: Document): string {
  const params = new URLSearchParams({ locale, parent: doc.defaultView?.location.origin ?? '' });
  if (config.departmentId !== undefined) params.set('department', String(config.departmentId));
  if (config.widgetKey) params.set('widget', config.widgetKey);
  if (config.identity) {
    params.set('uid', config.identity.userId);
    params.set('uemail', config.identity.email);
    params.set('uhash', config.identity.hash);
    if (config.identity.name) params.set('uname', config.identity.name);
  }
  params.set('url', doc.URL.slice(0, 2000));
  if (doc.title) params.set('title', doc.title.slice(0, 500));
  if (doc.referrer) params.set('referrer', doc.referrer.slice(0, 2000));
  return `${config.serverUrl}/widget/frame#${params}`;
}
