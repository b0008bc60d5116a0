import { z } from 'zod';
import { ErrorResponse } from '../ack.js';
import type { Endpoint } from './endpoint.js';
import { api } from './endpoints.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(e: Endpoint, where: 'path' | 'query'): unknown[] {
  const schema = where === 'path' ? e.params : e.query;
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const accessNote: Record<Endpoint['access'], string> = {
  public: 'No authentication.',
  agent: 'Any active agent: session cookie (with `X-CSRF-Token` on writes) or `Authorization: Bearer <API token>`.',
  administrator: 'Administrators only.',
  customer: 'The customer\'s ticket access token: `Authorization: Bearer <access token>`.',
};

/** The OpenAPI 3.1 document, generated from the same schemas the server validates with. */
export function buildOpenApiDocument(info: { version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, raw] of Object.entries(api)) {
    const e = raw as Endpoint;
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    const status = String(e.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: e.response
        ? { description: 'Success', content: { 'application/json': { schema: schemaOf(e.response, 'output') } } }
        : { description: 'The file', content: { 'application/octet-stream': {} } },
      '4XX': { description: `Refused. Codes include ${['request/invalid', 'request/invalid_text', ...(e.errors ?? [])].join(', ')}.`, content: { 'application/json': { schema: schemaOf(ErrorResponse, 'output') } } },
    };
    const operation: Record<string, unknown> = {
      operationId,
      summary: e.summary,
      description: accessNote[e.access],
      tags: [e.tag],
      parameters: [...parametersOf(e, 'path'), ...parametersOf(e, 'query')],
      responses,
    };
    if (e.access !== 'public') operation.security = e.access === 'customer' ? [{ customerToken: [] }] : [{ session: [] }, { apiToken: [] }];
    if (e.body && e.method !== 'get') {
      operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(e.body, 'input') } } };
    } else if (e.contentType === 'multipart/form-data') {
      operation.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
      };
    }
    paths[`/api/v1${path}`] ??= {};
    (paths[`/api/v1${path}`] as Record<string, unknown>)[e.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: info.version,
      description:
        'The help desk\'s REST API. Errors are `{"error":{"code","message"}}` with stable codes. Text is stored exactly as sent, in every Unicode plane; text containing U+0000 or an unpaired surrogate (anywhere in a body, query or path) is refused with `request/invalid_text`, as is a JSON body that is not valid UTF-8.',
    },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token created in the console.' },
        customerToken: { type: 'http', scheme: 'bearer', description: 'A ticket access token given to the customer.' },
      },
    },
    paths,
  };
}
