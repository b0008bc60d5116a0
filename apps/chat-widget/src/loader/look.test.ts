// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from './config';
import { loadLook } from './look';
import { applyLook, frameUrl, HOST_ID, mountWidget } from './mount';

const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

afterEach(() => {
  document.getElementById(HOST_ID)?.remove();
  vi.restoreAllMocks();
});

describe('readConfig: widget key and identity', () => {
  const script = (attributes: Record<string, string>) => {
    const element = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  };

  it('reads data-widget and a complete signed identity', () => {
    const config = readConfig(
      script({ src: 'https://help.example.com/widget.js', 'data-widget': 'wk_abcdefgh12345678', 'data-user-id': 'u-1', 'data-user-email': 'a@example.com', 'data-user-name': 'Ann', 'data-user-hash': 'ab'.repeat(32) }),
      'https://shop.example/',
    );
    expect(config).toEqual({ serverUrl: 'https://help.example.com', widgetKey: 'wk_abcdefgh12345678', identity: { userId: 'u-1', email: 'a@example.com', name: 'Ann', hash: 'ab'.repeat(32) } });
  });

  it('ignores a malformed key and an identity without its hash', () => {
    const config = readConfig(script({ src: 'https://help.example.com/widget.js', 'data-widget': '"><script>', 'data-user-id': 'u-1', 'data-user-email': 'a@example.com' }), 'https://shop.example/');
    expect(config).toEqual({ serverUrl: 'https://help.example.com' });
  });

  it('passes key and identity to the frame in the fragment, never in the query', () => {
    const url = frameUrl({ serverUrl: 'https://help.example.com', widgetKey: 'wk_abcdefgh12345678', identity: { userId: 'u-1', email: 'a@example.com', hash: 'ff'.repeat(32) } }, 'en', document);
    const [address, fragment] = url.split('#');
    expect(address).toBe('https://help.example.com/widget/frame');
    const params = new URLSearchParams(fragment);
    expect([params.get('widget'), params.get('uid'), params.get('uemail'), params.get('uhash')]).toEqual(['wk_abcdefgh12345678', 'u-1', 'a@example.com', 'ff'.repeat(32)]);
  });
});

describe('loadLook', () => {
  it('reads colour and position from the config', async () => {
    const fetcher = vi.fn(() => json(200, { colour: '#112233', position: 'left', greeting: 'Hi' }));
    expect(await loadLook('https://help.example.com', 'wk_abcdefgh12345678', fetcher as never)).toEqual({ colour: '#112233', position: 'left' });
    expect(fetcher).toHaveBeenCalledWith('https://help.example.com/api/v1/widget/config/wk_abcdefgh12345678', { credentials: 'omit' });
  });

  it('answers null for a widget that is gone, undefined when the server cannot be asked', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await loadLook('https://h.example', 'wk_abcdefgh12345678', (() => json(404, { error: { code: 'widget/not_found' } })) as never)).toBeNull();
    expect(await loadLook('https://h.example', 'wk_abcdefgh12345678', (() => json(500, {})) as never)).toBeUndefined();
    expect(await loadLook('https://h.example', 'wk_abcdefgh12345678', (() => Promise.reject(new TypeError('offline'))) as never)).toBeUndefined();
  });
});

describe('applyLook', () => {
  it('puts the colour and the side on the host, where the shadow styles read them', () => {
    const handle = mountWidget(document, { serverUrl: 'https://help.example.com' })!;
    expect(handle.host.getAttribute('data-position')).toBeNull();
    applyLook(handle.host, { colour: '#aa3300', position: 'left' });
    expect(handle.host.style.getPropertyValue('--parley-colour')).toBe('#aa3300');
    expect(handle.host.getAttribute('data-position')).toBe('left');
    const styles = handle.root.querySelector('style')!.textContent!;
    expect(styles).toContain(":host([data-position='left'])");
    expect(styles).toContain('var(--parley-colour, #2563eb)');
  });

  it('lets nothing but a #rrggbb colour into the CSS', () => {
    const handle = mountWidget(document, { serverUrl: 'https://help.example.com' })!;
    applyLook(handle.host, { colour: 'red; background: url(https://evil.example)', position: 'top' });
    expect(handle.host.style.getPropertyValue('--parley-colour')).toBe('');
    expect(handle.host.getAttribute('data-position')).toBe('right');
  });
});
