// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FrameToHost, isFrameToHost, isHostToFrame } from '../bridge';
import { readFrameValues, writeFrameValue } from '../loader/frame-storage';
import { HostStorage, ownStorage, storageFromHost } from './host-storage';

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('the frame\'s storage kept with the host page', () => {
  it('uses the frame\'s own storage when the browser allows it, none when reading it throws', () => {
    expect(ownStorage(window)).toBe(window.localStorage);
    const denied = {
      get localStorage(): Storage {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    } as unknown as Window;
    expect(ownStorage(denied)).toBeNull();
    const throwsOnRead = { localStorage: { getItem: () => { throw new DOMException('denied', 'SecurityError'); } } } as unknown as Window;
    expect(ownStorage(throwsOnRead)).toBeNull();
  });

  it('asks the host for its values, then writes the allowed keys through to it', async () => {
    const sent: FrameToHost[] = [];
    const fromHost = storageFromHost((message) => sent.push(message));
    expect(sent).toEqual([{ parley: 1, type: 'load' }]);
    fromHost.receive({ parley: 1, type: 'stored', values: { 'parley.visitorToken': 'tok-1' } });
    const storage = await fromHost.storage;
    expect(storage.getItem('parley.visitorToken')).toBe('tok-1');
    storage.setItem('parley.visitorToken', 'tok-2');
    storage.removeItem('parley.visitorEmail');
    storage.setItem('something.else', 'x');
    expect(storage.getItem('something.else')).toBe('x');
    expect(sent.slice(1)).toEqual([
      { parley: 1, type: 'store', key: 'parley.visitorToken', value: 'tok-2' },
      { parley: 1, type: 'store', key: 'parley.visitorEmail', value: null },
    ]);
    for (const message of sent) expect(isFrameToHost(message)).toBe(true);
  });

  it('goes on without the host\'s values when the page does not answer (a loader older than this message)', async () => {
    vi.useFakeTimers();
    const fromHost = storageFromHost(() => undefined, 2000);
    vi.advanceTimersByTime(2000);
    const storage = await fromHost.storage;
    expect(storage).toBeInstanceOf(HostStorage);
    expect(storage.getItem('parley.visitorToken')).toBeNull();
  });

  it('the bridge refuses other keys and odd values both ways', () => {
    expect(isFrameToHost({ parley: 1, type: 'store', key: 'parley.visitorToken', value: 'abc' })).toBe(true);
    expect(isFrameToHost({ parley: 1, type: 'store', key: 'parley.visitorToken', value: null })).toBe(true);
    expect(isFrameToHost({ parley: 1, type: 'store', key: 'session', value: 'abc' })).toBe(false);
    expect(isFrameToHost({ parley: 1, type: 'store', key: 'parley.visitorToken', value: 'x'.repeat(5000) })).toBe(false);
    expect(isFrameToHost({ parley: 1, type: 'store', key: 'parley.visitorToken', value: 42 })).toBe(false);
    expect(isHostToFrame({ parley: 1, type: 'stored', values: { 'parley.visitorToken': 't' } })).toBe(true);
    expect(isHostToFrame({ parley: 1, type: 'stored', values: {} })).toBe(true);
    expect(isHostToFrame({ parley: 1, type: 'stored', values: { other: 't' } })).toBe(false);
    expect(isHostToFrame({ parley: 1, type: 'stored', values: ['t'] })).toBe(false);
    expect(isHostToFrame({ parley: 1, type: 'stored', values: null })).toBe(false);
  });

  it('the loader keeps the values in the page\'s own storage under its own prefix', () => {
    writeFrameValue(window, 'parley.visitorToken', 'tok-9');
    writeFrameValue(window, 'parley.visitorEmail', 'a@example.com');
    expect(localStorage.getItem('parley.frame.parley.visitorToken')).toBe('tok-9');
    expect(readFrameValues(window)).toEqual({ 'parley.visitorToken': 'tok-9', 'parley.visitorEmail': 'a@example.com' });
    writeFrameValue(window, 'parley.visitorEmail', null);
    expect(readFrameValues(window)).toEqual({ 'parley.visitorToken': 'tok-9' });
  });
});
