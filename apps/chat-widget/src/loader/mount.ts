import { detectLocale, messages } from '../i18n/messages';
import type { WidgetConfig } from './config';

/** The id of the host element the widget adds to the page; a second copy of widget.js finds it and stays idle. */
export const HOST_ID = 'parley-chat-widget';

export interface WidgetHandle {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly config: WidgetConfig;
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
  background: #2563eb;
  color: #fff;
  cursor: pointer;
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
}
.launcher:hover { background: #1d4ed8; }
.launcher:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.panel {
  width: min(320px, calc(100vw - 40px));
  padding: 16px 20px;
  border-radius: 12px;
  background: #fff;
  box-shadow: 0 8px 30px rgb(0 0 0 / 0.2);
}
.panel[hidden] { display: none; }
.panel h2 { margin: 0 0 8px; font-size: 17px; font-weight: 600; }
.panel p { margin: 0; }
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
  panel.setAttribute('aria-labelledby', 'panel-title');
  const title = doc.createElement('h2');
  title.id = 'panel-title';
  title.textContent = text.title;
  const notice = doc.createElement('p');
  notice.textContent = text.comingSoon;
  panel.append(title, notice);

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.lang = locale;
  launcher.setAttribute('aria-controls', panel.id);

  const setOpen = (open: boolean): void => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? text.close : text.open);
    launcher.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
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
  root.append(style, panel, launcher);
  doc.body.append(host);

  return {
    host,
    root,
    config,
    isOpen,
    setOpen,
    toggle,
    destroy: () => host.remove(),
  };
}
