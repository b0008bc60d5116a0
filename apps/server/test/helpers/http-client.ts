/** A small HTTP client for tests: real requests over the network, with the session cookie and CSRF header an agent's browser would send. */
export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class HttpClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  withToken(token: string): HttpClient {
    const client = new HttpClient(this.baseUrl);
    client.bearer = token;
    return client;
  }

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    let payload: string | FormData | Uint8Array | undefined;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof FormData || body instanceof Uint8Array) payload = body as string | FormData | Uint8Array;
      else {
        payload = JSON.stringify(body);
        headers['content-type'] ??= 'application/json';
      }
    }
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    // A response may set several cookies (the session and the known-device one): keep the session's, as a browser would.
    const session = res.headers.getSetCookie().find((cookie) => cookie.startsWith('parley_session='));
    if (session) {
      const value = session.split(';')[0]!;
      this.cookie = value === 'parley_session=' ? null : value;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text.length > 0) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async signIn(email: string, password: string): Promise<HttpResponse> {
    const res = await this.post('/api/v1/auth/sign-in', { email, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}
