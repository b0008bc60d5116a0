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

  it('toggles a panel that says, in the page’s language, that live chat arrives soon', async () => {
    document.documentElement.lang = 'bg-BG';
    await loadWidget({ src: 'https://help.example.com/widget.js' });

    const button = launcher();
    const panel = shadow().getElementById('panel')!;
    expect(panel.hidden).toBe(true);

    button.click();
    expect(panel.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Затвори чата');
    expect(panel.textContent).toContain('Чатът на живо идва скоро.');

    button.click();
    expect(panel.hidden).toBe(true);
    expect(button.getAttribute('aria-label')).toBe('Отвори чата');
  });

  it('falls back to English for a language it does not speak', async () => {
    document.documentElement.lang = 'xx';
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['fr-FR'] });
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'fr-FR' });
    try {
      await loadWidget({ src: 'https://help.example.com/widget.js' });
    } finally {
      Reflect.deleteProperty(navigator, 'languages');
      Reflect.deleteProperty(navigator, 'language');
    }
    launcher().click();
    expect(shadow().getElementById('panel')!.textContent).toContain('Live chat arrives soon.');
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
