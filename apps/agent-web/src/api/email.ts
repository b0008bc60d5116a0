import type { Api, ErrorResponse, QueryOf } from '@parley/protocol';
import { ApiError } from './http';

export type RemoteImages = QueryOf<Api['emailHtml']>['images'];

/** A letter's sanitized HTML, as the server prepared it for the console's sandboxed frame. */
export interface EmailHtml {
  readonly html: string;
  /** Remote images the server withheld (the "show remote images" control appears when > 0). */
  readonly blockedImages: number;
  /** The HTML has its quoted history wrapped in `[data-parley-quote]` (the "show quoted text" control). */
  readonly quoted: boolean;
}

const base = (ticketId: number, itemId: number) => `/api/v1/tickets/${ticketId}/items/${itemId}/email`;

/** HTML, not JSON, so not through the JSON client; the session cookie goes along the same way. */
export async function fetchEmailHtml(ticketId: number, itemId: number, images: RemoteImages): Promise<EmailHtml> {
  let response: Response;
  try {
    response = await fetch(`${base(ticketId, itemId)}/html?images=${images}`, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  } catch {
    throw new ApiError(0, 'network/unreachable', 'The server cannot be reached.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as Partial<ErrorResponse> | null;
    throw new ApiError(response.status, body?.error?.code ?? `http/${response.status}`, body?.error?.message ?? response.statusText);
  }
  return {
    html: await response.text(),
    blockedImages: Number(response.headers.get('x-parley-blocked-images') ?? '0') || 0,
    quoted: response.headers.get('x-parley-quoted') === '1',
  };
}

/** "Show original": the raw letter as text, opened in a new tab. */
export function originalEmailUrl(ticketId: number, itemId: number): string {
  return `${base(ticketId, itemId)}/original`;
}
