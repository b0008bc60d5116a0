import { describe, expect, it } from 'vitest';
import { api } from './endpoints.js';
import { buildOpenApiDocument } from './openapi.js';

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument({ version: '1.0.0', serverUrl: 'http://localhost:3000' }) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; security?: unknown; requestBody?: unknown; parameters: { name: string; in: string }[] }>>;
  };

  it('is OpenAPI 3.1 and has one operation per registered endpoint', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(operations.sort()).toEqual(Object.keys(api).sort());
  });

  it('documents path parameters, bodies and security', () => {
    const reply = doc.paths['/api/v1/tickets/{id}/replies']!.post!;
    expect(reply.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
    expect(reply.requestBody).toBeDefined();
    expect(reply.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(doc.paths['/api/v1/auth/sign-in']!.post!.security).toBeUndefined();
    const list = doc.paths['/api/v1/tickets']!.get!;
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'departmentId', 'sort', 'cursor', 'limit', 'q']));
  });
});

describe('request schemas', () => {
  it('refuse unknown fields instead of ignoring them', () => {
    const result = api.reply.body!.safeParse({ body: 'hi', isInternal: true });
    expect(result.success).toBe(false);
  });

  it('refuse wrong types and empty bodies', () => {
    expect(api.reply.body!.safeParse({ body: 42 }).success).toBe(false);
    expect(api.reply.body!.safeParse({ body: '   ' }).success).toBe(false);
    expect(api.postpone.body!.safeParse({ until: 'tomorrow' }).success).toBe(false);
  });

  it('normalise emails and accept comma lists in queries', () => {
    expect(api.createTicket.body!.parse({ subject: 's', message: 'm', contact: { email: 'A@B.COM' } }).contact).toEqual({ email: 'a@b.com' });
    expect(api.listTickets.query!.parse({ status: 'new,open', departmentId: '3' })).toMatchObject({ status: ['new', 'open'], departmentId: [3], sort: '-waiting', limit: 50 });
    expect(api.listTickets.query!.safeParse({ status: 'closed' }).success).toBe(false);
  });

  it('count tickets with the list\'s filters but without its paging and order', () => {
    expect(api.countTickets.query!.parse({ status: 'new,open', agentId: 'me' })).toEqual({ folder: 'inbox', status: ['new', 'open'], agentId: 'me' });
    for (const extra of [{ limit: '5' }, { sort: '-created' }, { cursor: 'x' }]) expect(api.countTickets.query!.safeParse(extra).success).toBe(false);
  });

  it('keep saved views\' filters to the list\'s own, strictly', () => {
    const body = api.createSavedView.body!;
    expect(body.parse({ name: ' Mine ', filters: { status: ['new'], agentId: 'me', sort: 'created' } })).toEqual({ name: 'Mine', filters: { status: ['new'], agentId: 'me', sort: 'created' } });
    expect(body.safeParse({ name: 'x', filters: { cursor: 'abc' } }).success).toBe(false);
    expect(body.safeParse({ name: 'x', filters: { status: 'new' } }).success).toBe(false);
    expect(body.safeParse({ name: 'x', filters: { departmentId: ['1'] } }).success).toBe(false);
    expect(body.safeParse({ name: '', filters: {} }).success).toBe(false);
    expect(api.updateSavedView.body!.safeParse({}).success).toBe(true);
    expect(api.updateMe.body!.safeParse({ availability: 'away' }).success).toBe(true);
    expect(api.updateMe.body!.safeParse({ availability: 'busy' }).success).toBe(false);
  });

  it('put the new collection routes where /:id routes cannot take them', () => {
    expect(api.countTickets.path).toBe('/tickets/count');
    expect(api.listAgentPresence.path).toBe('/agents/presence');
    expect(api.departmentOverview.path).toBe('/departments/overview');
  });
});
