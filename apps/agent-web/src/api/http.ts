import type { ErrorResponse } from '@parley/protocol';

/** A refusal or failure as the console shows it: the server's stable code, translated by `errors.<code>`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The console's only way to the REST API: JSON in and out, the session cookie sent by the browser, and
 * the CSRF token of the current session on every write.
 */
export class HttpClient {
  csrfToken: string | null = null;
  /** Told when a request that carried a session is refused for want of one: the session ended elsewhere. */
  onSessionEnded: (() => void) | null = null;

  constructor(private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)) {}

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const isForm = body instanceof FormData;
    // A FormData body sets its own multipart content type, boundary included.
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(`/api/v1${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'network/unreachable', 'The server cannot be reached.');
    }
    const text = await response.text();
    const parsed: unknown = text.length > 0 ? safeJson(text) : null;
    if (!response.ok) {
      const error = (parsed as Partial<ErrorResponse> | null)?.error;
      if (response.status === 401 && this.csrfToken && error?.code === 'auth/required') this.onSessionEnded?.();
      throw new ApiError(response.status, error?.code ?? `http/${response.status}`, error?.message ?? response.statusText);
    }
    return parsed as T;
  }
}

/** `?a=1&b=x,y` from the defined values of a query object (arrays as comma lists, as the API reads them). */
export function queryString(query: Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const http = new HttpClient();
