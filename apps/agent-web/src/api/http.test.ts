import { describe, expect, it } from 'vitest';
import { ApiError, HttpClient, queryString } from './http';

function respond(status: number, body: unknown): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('HttpClient', () => {
  it('returns the parsed body of a success', async () => {
    const client = new HttpClient(respond(200, { ok: true }));
    expect(await client.request('GET', '/health')).toEqual({ ok: true });
  });

  it('turns the server\'s error body into an ApiError with its stable code', async () => {
    const client = new HttpClient(respond(401, { error: { code: 'auth/invalid_credentials', message: 'The email or the password is wrong.' } }));
    const error = await client.request('POST', '/auth/sign-in', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'auth/invalid_credentials' });
  });

  it('names a response without an error body by its status, and an unreachable server by its own code', async () => {
    const broken = new HttpClient(respond(502, '<html>bad gateway</html>'));
    expect(await broken.request('GET', '/x').catch((e: ApiError) => e.code)).toBe('http/502');
    const offline = new HttpClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await offline.request('GET', '/x').catch((e: ApiError) => e.code)).toBe('network/unreachable');
  });

  it('sends the CSRF token on writes only', async () => {
    const seen: Record<string, string>[] = [];
    const client = new HttpClient(async (_url, init) => {
      seen.push({ ...(init?.headers as Record<string, string>) });
      return new Response('{}', { status: 200 });
    });
    client.csrfToken = 'token-123';
    await client.request('GET', '/auth/session');
    await client.request('POST', '/auth/sign-out');
    expect(seen[0]!['x-csrf-token']).toBeUndefined();
    expect(seen[1]!['x-csrf-token']).toBe('token-123');
  });
});

describe('queryString', () => {
  it('leaves out empty values and joins lists with commas', () => {
    expect(queryString({ status: ['new', 'open'], q: '', tag: undefined, limit: 50, internal: false, departmentId: [] })).toBe('?status=new%2Copen&limit=50&internal=false');
    expect(queryString({})).toBe('');
  });
});
