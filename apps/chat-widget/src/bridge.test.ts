// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frameBridge, hostBridge, httpOrigin, isFrameToHost } from './bridge';

const FRAME_ORIGIN = 'https://help.example.com';
const PAGE_ORIGIN = 'https://shop.example.org';

function fakeWindow(): Window {
  return { postMessage: vi.fn() } as unknown as Window;
}

function post(data: unknown, origin: string, source: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('host side of the bridge', () => {
  it('accepts a message only from its own frame on the Parley origin', () => {
    const frame = fakeWindow();
    const received = vi.fn();
    const bridge = hostBridge(window, FRAME_ORIGIN, () => frame, received);
    stops.push(bridge.stop);

    post({ parley: 1, type: 'unread', count: 2 }, 'https://evil.example', frame); // wrong origin
    post({ parley: 1, type: 'unread', count: 2 }, FRAME_ORIGIN, fakeWindow()); // another window on the right origin
    post({ parley: 1, type: 'unread', count: 2 }, FRAME_ORIGIN, window); // the page itself
    post({ parley: 1, type: 'unread', count: -1 }, FRAME_ORIGIN, frame); // malformed
    post({ type: 'close' }, FRAME_ORIGIN, frame); // not ours
    post('close', FRAME_ORIGIN, frame);
    expect(received).not.toHaveBeenCalled();

    post({ parley: 1, type: 'unread', count: 2 }, FRAME_ORIGIN, frame);
    post({ parley: 1, type: 'close' }, FRAME_ORIGIN, frame);
    expect(received.mock.calls).toEqual([[{ parley: 1, type: 'unread', count: 2 }], [{ parley: 1, type: 'close' }]]);
  });

  it('ignores everything before the frame exists, and sends only to the frame’s origin', () => {
    let frame: Window | undefined;
    const received = vi.fn();
    const bridge = hostBridge(window, FRAME_ORIGIN, () => frame, received);
    stops.push(bridge.stop);
    post({ parley: 1, type: 'close' }, FRAME_ORIGIN, undefined);
    expect(received).not.toHaveBeenCalled();

    frame = fakeWindow();
    bridge.send({ parley: 1, type: 'visible', visible: true });
    expect(frame.postMessage).toHaveBeenCalledWith({ parley: 1, type: 'visible', visible: true }, FRAME_ORIGIN);
  });
});

describe('frame side of the bridge', () => {
  function inFrame(parentOrigin: string | undefined) {
    const parent = fakeWindow();
    const win = Object.assign(Object.create(window) as Window, { parent });
    // Listeners go on the real window, so dispatched events reach them.
    Object.defineProperty(win, 'addEventListener', { value: window.addEventListener.bind(window) });
    Object.defineProperty(win, 'removeEventListener', { value: window.removeEventListener.bind(window) });
    const received = vi.fn();
    const bridge = frameBridge(win, parentOrigin, received);
    stops.push(bridge.stop);
    return { parent, received, bridge };
  }

  it('accepts a message only from its parent on the origin the loader gave', () => {
    const { parent, received } = inFrame(PAGE_ORIGIN);
    post({ parley: 1, type: 'visible', visible: true }, 'https://evil.example', parent);
    post({ parley: 1, type: 'visible', visible: true }, PAGE_ORIGIN, fakeWindow());
    post({ parley: 1, type: 'visible', visible: 'yes' }, PAGE_ORIGIN, parent);
    expect(received).not.toHaveBeenCalled();
    post({ parley: 1, type: 'visible', visible: false }, PAGE_ORIGIN, parent);
    expect(received).toHaveBeenCalledWith({ parley: 1, type: 'visible', visible: false });
  });

  it('posts to the parent’s origin, never to *', () => {
    const { parent, bridge } = inFrame(`${PAGE_ORIGIN}/some/page?x=1`);
    bridge.send({ parley: 1, type: 'unread', count: 3 });
    expect(parent.postMessage).toHaveBeenCalledWith({ parley: 1, type: 'unread', count: 3 }, PAGE_ORIGIN);
  });

  it('stays silent without a usable parent origin', () => {
    for (const origin of [undefined, '', '*', 'null', 'javascript:alert(1)', 'data:text/html,x']) {
      const { parent, received, bridge } = inFrame(origin);
      bridge.send({ parley: 1, type: 'close' });
      post({ parley: 1, type: 'visible', visible: true }, 'null', parent);
      expect(parent.postMessage, String(origin)).not.toHaveBeenCalled();
      expect(received, String(origin)).not.toHaveBeenCalled();
    }
  });
});

describe('message shapes', () => {
  it('knows an http(s) origin from anything else', () => {
    expect(httpOrigin('https://a.example:8443/x')).toBe('https://a.example:8443');
    expect(httpOrigin('ftp://a.example')).toBeUndefined();
    expect(isFrameToHost({ parley: 1, type: 'unread', count: 1.5 })).toBe(false);
    expect(isFrameToHost({ parley: 1, type: 'ready' })).toBe(true);
  });
});
