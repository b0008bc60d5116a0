import { describe, expect, it } from 'vitest';
import { createParleyClient, operationPath, ParleyApiError, queryString } from './api-client.js';

describe('operationPath', () => {
  it('fills and encodes the path parameters, and refuses a missing one', () => {
    expect(operationPath('/tickets/:id/replies', { id: 42 })).toBe('/tickets/42/replies');
    expect(operationPath('/companies/:id/notes/:noteId', { id: 1, noteId: 'a/b' })).toBe('/companies/1/notes/a%2Fb');
    expect(() => operationPath('/tickets/:id', {})).toThrow('Missing path parameter "id"');
  });
});

describe('queryString', () => {
  it('repeats lists, leaves absent values out, writes dates as ISO', () => {
    expect(queryString({ status: ['open', 'new'], departmentId: 2, q: undefined, agentId: null })).toBe('?status=open&status=new&departmentId=2');
    expect(queryString({ after: new Date('2027-03-28T01:00:00Z'), q: 'заказ & co' })).toBe('?after=2027-03-28T01%3A00%3A00.000Z&q=%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7+%26+co');
    expect(queryString({})).toBe('');
  });
});

describe('createParleyClient', () => {
  it('sends the method, path, token and JSON body the protocol names, and answers with the JSON', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const client = createParleyClient({
      baseUrl: 'https://desk.example/',
      token: 'secret',
      fetch: async (url, init) => {
        seen.push({ url: String(url), init: init ?? {} });
        return new Response(JSON.stringify({ id: 7 }), { status: 201, headers: { 'content-type': 'application/json' } });
      },
    });
    expect(await client.call('createCompany', { body: { name: 'Ακμή' } })).toEqual({ id: 7 });
    expect(seen[0]!.url).toBe('https://desk.example/api/v1/companies');
    expect(seen[0]!.init.method).toBe('POST');
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer secret');
    expect(seen[0]!.init.body).toBe('{"name":"Ακμή"}');
  });

  it('turns a refusal into a ParleyApiError with the server’s code, also when the body is not JSON', async () => {
    const answering = (response: Response) => createParleyClient({ baseUrl: 'https://desk.example', token: 't', fetch: async () => response });
    const refused = await answering(new Response(JSON.stringify({ error: { code: 'ticket/not_found', message: 'No such ticket.' } }), { status: 404 }))
      .call('getTicket', { params: { id: 1 } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyApiError);
    expect(refused).toMatchObject({ status: 404, code: 'ticket/not_found', message: 'No such ticket.' });
    const proxy = await answering(new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }))
      .call('getTicket', { params: { id: 1 } })
      .catch((error: unknown) => error);
    expect(proxy).toMatchObject({ status: 502, code: 'http/502' });
  });
});
