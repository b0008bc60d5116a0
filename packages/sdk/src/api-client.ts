import { type Api, api, type BodyInputOf, type ErrorResponse, type ParamsOf, type QueryOf, type ResponseOf } from '@parley/protocol';

/** An operation of the REST API, by the name `@parley/protocol` gives it (`createTicket`, `listTickets`, …). */
export type Operation = keyof Api;

type Has<T> = [T] extends [never] ? false : unknown extends T ? false : true;

/**
 * What a call takes: the path's parameters, the query and the body, each only where the operation has one,
 * typed by the protocol's schemas (the body as the server accepts it, defaults optional).
 */
export type CallInput<K extends Operation> = (Has<ParamsOf<Api[K]>> extends true ? { params: ParamsOf<Api[K]> } : { params?: never }) &
  (Has<QueryOf<Api[K]>> extends true ? { query?: Partial<QueryOf<Api[K]>> } : { query?: never }) &
  (Has<BodyInputOf<Api[K]>> extends true ? { body: BodyInputOf<Api[K]> } : { body?: never }) & { signal?: AbortSignal };

/** The answer of a call: the protocol's response type; for an operation that streams a file, the raw Response. */
export type CallResult<K extends Operation> = Has<ResponseOf<Api[K]>> extends true ? ResponseOf<Api[K]> : Response;

export interface ParleyClientOptions {
  /** Where Parley runs, e.g. `https://help.example.com` (the API is under /api/v1). */
  readonly baseUrl: string;
  /** An API token (the console's Account page, or `POST /api/v1/api-tokens`). */
  readonly token: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof fetch;
}

/** A refusal from the server: the HTTP status and the error body's code, message and details. */
export class ParleyApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ParleyApiError';
  }
}

export interface ParleyClient {
  /** Calls one operation; resolves with its typed answer, rejects with a ParleyApiError when refused. */
  call<K extends Operation>(operation: K, ...input: {} extends CallInput<K> ? [CallInput<K>?] : [CallInput<K>]): Promise<CallResult<K>>;
}

/**
 * A client for Parley's REST API. Every operation, its path, method and types come from `@parley/protocol`
 * (the server validates against the same schemas), so nothing here declares a wire shape of its own.
 */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async call(operation, ...rest) {
      const endpoint = api[operation];
      if (!endpoint) throw new TypeError(`Unknown Parley operation: ${String(operation)}`);
      const input = (rest[0] ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal };
      const url = `${base}/api/v1${operationPath(endpoint.path, input.params ?? {})}${queryString(input.query ?? {})}`;
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
      let body: BodyInit | undefined;
      if (input.body instanceof FormData) body = input.body;
      else if (input.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(input.body);
      }
      const response = await doFetch(url, { method: endpoint.method.toUpperCase(), headers, ...(body === undefined ? {} : { body }), ...(input.signal ? { signal: input.signal } : {}) });
      if (!response.ok) throw await refusal(response);
      if (!endpoint.response) return response as never;
      if (response.status === 204) return undefined as never;
      return (await response.json()) as never;
    },
  };
}

/** `/tickets/:id/replies` with `{ id: 42 }` → `/tickets/42/replies`; a missing parameter is an error, not "undefined". */
export function operationPath(template: string, params: Record<string, unknown>): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new TypeError(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** A query string from the query's fields: lists as repeated keys, absent values left out. */
export function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one instanceof Date ? one.toISOString() : String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function refusal(response: Response): Promise<ParleyApiError> {
  let body: Partial<ErrorResponse> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorResponse>;
  } catch {
    // Not JSON (a proxy's error page): the status says what there is to say.
  }
  const error = body?.error;
  return new ParleyApiError(response.status, error?.code ?? `http/${response.status}`, error?.message ?? response.statusText, error?.details);
}
