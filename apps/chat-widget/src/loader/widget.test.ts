// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from './config';
import { HOST_ID } from './mount';

/** Loads widget.ts the way a page does: as a <script> tag, with document.currentScript pointing at it. */
async function loadWidget(attributes: Record<string, string>): Promise<HTMLScriptElement> {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  document.head.append(script);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  try {
    vi.resetModules();
    await import('./widget');
  } finally {
    Reflect.deleteProperty(document, 'currentScript');
  }
  return script;
}

function shadow(): ShadowRoot {
  const host = document.getElementById(HOST_ID);
  expect(host, 'the widget host element').not.toBeNull();
  expect(host!.shadowRoot, 'an open shadow root').not.toBeNull();
  return host!.shadowRoot!;
}

function launcher(): HTMLButtonElement {
  const button = shadow().querySelector<HTMLButtonElement>('button.launcher');
  expect(button, 'the launcher button').not.toBeNull();
  return button!;
}

beforeEach(() => {
  document.documentElement.lang = 'en';
  document.head.innerHTML = '';
  document.body.innerHTML = '<main><h1>Acme</h1><button>Buy</button></main>';
});

afterEach(() => {
  document.getElementById(HOST_ID)?.remove();
});

describe('widget.js', () => {
  it('adds a launcher button inside a shadow root, out of the page’s reach', async () => {
    await loadWidget({ src: 'https://help.example.com/widget.js', 'data-parley-url': 'https://help.example.com' });

    const button = launcher();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-label')).toBe('Open chat');
    // The page's own queries see only its own button, never the widget's.
    expect(document.querySelectorAll('button')).toHaveLength(1);
    expect(document.querySelector('.launcher')).toBeNull();
  });

  it('keeps the host page’s styles out of the widget', async () => {
    const pageStyle = document.createElement('style');
    pageStyle.textContent =
      'button { display: none !important; background: rgb(255, 0, 0) !important; } .launcher { width: 1px; }';
    document.head.append(pageStyle);
    await loadWidget({ src: 'https://help.example.com/widget.js' });

    const pageButton = document.querySelector('main button')!;
    expect(getComputedStyle(pageButton).display).toBe('none'); // the page's rule does apply to the page
    const style = getComputedStyle(launcher());
    expect(style.display).not.toBe('none');
    expect(style.backgroundColor).not.toBe('rgb(255, 0, 0)');
    expect(style.width).toBe('56px');
  });

  it('opens the chat frame from the Parley server on first open, with the page’s language and context', async () => {
    document.documentElement.lang = 'bg-BG';
    document.title = 'Cart – Acme';
    await loadWidget({ src: 'https://help.example.com/widget.js', 'data-department': '2' });

    const button = launcher();
    const panel = shadow().getElementById('panel')!;
    expect(panel.hidden).toBe(true);
    expect(shadow().querySelector('iframe'), 'no frame before the visitor opens the chat').toBeNull();

    button.click();
    expect(panel.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Затвори чата');
    const frame = shadow().querySelector('iframe')!;
    expect(frame.title).toBe('Пишете ни');
    const src = new URL(frame.getAttribute('src')!);
    expect(src.origin + src.pathname).toBe('https://help.example.com/widget/frame');
    expect(src.search).toBe('');
    const params = new URLSearchParams(src.hash.slice(1));
    expect(params.get('locale')).toBe('bg');
    expect(params.get('parent')).toBe(location.origin);
    expect(params.get('department')).toBe('2');
    expect(params.get('url')).toBe(document.URL);
    expect(params.get('title')).toBe('Cart – Acme');

    button.click();
    expect(panel.hidden).toBe(true);
    expect(button.getAttribute('aria-label')).toBe('Отвори чата');
    button.click();
    expect(shadow().querySelectorAll('iframe'), 'the same frame again').toHaveLength(1);
  });

  it('shows the frame’s unread count on the launcher, and closes when the frame asks; only from the frame’s origin', async () => {
    await loadWidget({ src: 'https://help.example.com/widget.js' });
    const button = launcher();
    button.click();
    // happy-dom loads no frame page (so has no contentWindow): stand in for the frame's window.
    const frameWindow = { postMessage: vi.fn() } as unknown as Window;
    Object.defineProperty(shadow().querySelector('iframe')!, 'contentWindow', { value: frameWindow });
    const fromFrame = (data: unknown, origin = 'https://help.example.com') =>
      window.dispatchEvent(new MessageEvent('message', { data, origin, source: frameWindow }));

    fromFrame({ parley: 1, type: 'close' }, 'https://evil.example');
    expect(shadow().getElementById('panel')!.hidden).toBe(false);
    fromFrame({ parley: 1, type: 'close' });
    expect(shadow().getElementById('panel')!.hidden).toBe(true);

    fromFrame({ parley: 1, type: 'unread', count: 7 }, 'https://evil.example');
    expect(shadow().querySelector('.badge')).toBeNull();
    fromFrame({ parley: 1, type: 'unread', count: 2 });
    expect(shadow().querySelector('.badge')!.textContent).toBe('2');
    expect(button.getAttribute('aria-label')).toBe('Open chat, 2 unread');
    fromFrame({ parley: 1, type: 'unread', count: 0 });
    expect(shadow().querySelector('.badge')).toBeNull();

    // The host tells the frame, on its origin only, whether it is shown (replies to a hidden frame count as unread).
    fromFrame({ parley: 1, type: 'ready' });
    expect(frameWindow.postMessage).toHaveBeenLastCalledWith({ parley: 1, type: 'visible', visible: false }, 'https://help.example.com');
    button.click();
    expect(frameWindow.postMessage).toHaveBeenLastCalledWith({ parley: 1, type: 'visible', visible: true }, 'https://help.example.com');
  });

  it('adds only one launcher when the script is included twice', async () => {
    await loadWidget({ src: 'https://help.example.com/widget.js' });
    await loadWidget({ src: 'https://help.example.com/widget.js' });
    expect(document.querySelectorAll(`#${HOST_ID}`)).toHaveLength(1);
  });
});

describe('readConfig', () => {
  function script(attributes: Record<string, string>): HTMLScriptElement {
    const element = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }
  const page = 'https://shop.example.org/products/1';

  it('takes data-parley-url, without a trailing slash', () => {
    const tag = script({ src: '/widget.js', 'data-parley-url': 'https://help.example.com/parley/' });
    expect(readConfig(tag, page)).toEqual({ serverUrl: 'https://help.example.com/parley' });
  });

  it('takes data-department when it is a positive integer', () => {
    expect(readConfig(script({ src: '/widget.js', 'data-department': '12' }), page)).toEqual({ serverUrl: 'https://shop.example.org', departmentId: 12 });
    expect(readConfig(script({ src: '/widget.js', 'data-department': '2; drop' }), page)).toEqual({ serverUrl: 'https://shop.example.org' });
  });

  it('falls back to where widget.js came from, then to the page’s origin', () => {
    expect(readConfig(script({ src: 'https://help.example.com/widget.js' }), page)).toEqual({
      serverUrl: 'https://help.example.com',
    });
    expect(readConfig(null, page)).toEqual({ serverUrl: 'https://shop.example.org' });
  });

  it('ignores a data-parley-url that is not http(s)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = script({ src: 'https://help.example.com/widget.js', 'data-parley-url': 'javascript:alert(1)' });
    expect(readConfig(tag, page)).toEqual({ serverUrl: 'https://help.example.com' });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
