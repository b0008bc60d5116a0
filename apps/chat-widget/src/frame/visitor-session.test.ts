import { afterEach, describe, expect, it, vi } from 'vitest';
import { VisitorSession } from './visitor-session';

const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const session = (token: string) => ({ visitorId: 'v-1', token, expiresAt: '2026-12-01T00:00:00.000Z', transcriptByEmail: true, maxUploadBytes: 10_485_760 });
const identity = { userId: 'u-7', email: 'olga@example.com', hash: 'ab12' };

/** A Storage over a Map: what the frame's localStorage holds. */
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(initial));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const bodies = (fetcher: ReturnType<typeof vi.fn>) => fetcher.mock.calls.map((call) => JSON.parse((call[1] as RequestInit).body as string) as unknown);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('VisitorSession', () => {
  it('renews the stored token, keeps the new one, and reads what the help desk offers', async () => {
    const storage = memoryStorage({ 'parley.visitorToken': 'old' });
    const fetcher = vi.fn(() => json(200, session('new')));
    const visitor = new VisitorSession({ storage, fetcher: fetcher as never });
    expect(await visitor.issue()).toBe('new');
    expect(fetcher).toHaveBeenCalledWith('/api/v1/widget/visitors', expect.objectContaining({ method: 'POST', credentials: 'omit' }));
    expect(bodies(fetcher)).toEqual([{ token: 'old' }]);
    expect([visitor.token, storage.getItem('parley.visitorToken')]).toEqual(['new', 'new']);
    expect(visitor.features).toEqual({ transcriptByEmail: true, maxUploadBytes: 10_485_760 });
  });

  it('starts as a new visitor when the stored token is refused', async () => {
    const fetcher = vi.fn((_url: string, init: RequestInit) => (JSON.parse(init.body as string).token ? json(401, { error: { code: 'visitor/token_invalid', message: 'x' } }) : json(200, session('fresh'))));
    const visitor = new VisitorSession({ storage: memoryStorage({ 'parley.visitorToken': 'forged' }), fetcher: fetcher as never });
    expect(await visitor.issue()).toBe('fresh');
    expect(bodies(fetcher)).toEqual([{ token: 'forged' }, {}]);
  });

  it('chats on anonymously when the site\'s identity does not verify, and says so in the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fetcher = vi.fn((_url: string, init: RequestInit) => (JSON.parse(init.body as string).identity ? json(400, { error: { code: 'widget/identity_invalid', message: 'x' } }) : json(200, session('anon'))));
    const visitor = new VisitorSession({ storage: null, widgetKey: 'wk_abcdefgh12345678', identity, fetcher: fetcher as never });
    expect(await visitor.issue()).toBe('anon');
    expect(bodies(fetcher)).toEqual([{ widgetKey: 'wk_abcdefgh12345678', identity }, {}]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('widget/identity_invalid'));
    expect(visitor.verified, 'the portal does not let an unverified visitor in').toBe(false);
  });

  it('is verified when the server took the site\'s identity, and not without one', async () => {
    const fetcher = vi.fn(() => json(200, session('known')));
    const known = new VisitorSession({ storage: null, widgetKey: 'wk_abcdefgh12345678', identity, fetcher: fetcher as never });
    await known.issue();
    expect(known.verified).toBe(true);
    const anonymous = new VisitorSession({ storage: null, fetcher: fetcher as never });
    await anonymous.issue();
    expect(anonymous.verified).toBe(false);
  });

  it('fails when no token can be had, and a renewal that fails keeps the token it had', async () => {
    let up = true;
    const fetcher = vi.fn(() => (up ? json(200, session('t-1')) : json(503, {})));
    const storage = memoryStorage();
    const visitor = new VisitorSession({ storage, fetcher: fetcher as never });
    await visitor.issue();
    up = false;
    await expect(visitor.issue()).rejects.toThrow('visitor: 503');
    await visitor.renew();
    expect(visitor.token).toBe('t-1');
    // The refused token is no longer offered from storage.
    expect(storage.getItem('parley.visitorToken')).toBeNull();
  });

  it('remembers the visitor\'s email across reloads, and works on without storage', () => {
    const storage = memoryStorage();
    new VisitorSession({ storage }).rememberEmail('olga@example.com');
    expect(new VisitorSession({ storage }).rememberedEmail()).toBe('olga@example.com');
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const visitor = new VisitorSession({ storage: blocked });
    expect(visitor.rememberedEmail()).toBe('');
    visitor.rememberEmail('me@example.com');
    expect(visitor.rememberedEmail()).toBe('me@example.com');
  });
});
