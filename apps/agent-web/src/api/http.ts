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

  constructor(private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)) {}

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(`/api/v1${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'network/unreachable', 'The server cannot be reached.');
    }
    const text = await response.text();
    const parsed: unknown = text.length > 0 ? safeJson(text) : null;
    if (!response.ok) {
      const error = (parsed as Partial<ErrorResponse> | null)?.error;
      throw new ApiError(response.status, error?.code ?? `http/${response.status}`, error?.message ?? response.statusText);
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const http = new HttpClient();
