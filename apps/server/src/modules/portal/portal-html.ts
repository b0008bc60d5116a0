import { escapeHtml, PORTAL_LOCALE_NAMES, PORTAL_LOCALES, type PortalLocale, type PortalWords, portalWords } from '@parley/domain';
import type { Response } from 'express';

/**
 * The portal's page frame: plain HTML with no script, readable on a phone, sent with a policy that allows
 * nothing but its own inline style, its own images and posting back to itself. Every value from outside is
 * escaped here or by the caller with escapeHtml; nothing is ever read as markup.
 */
export const PORTAL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface PageFrame {
  readonly locale: PortalLocale;
  /** The path the language links keep (no query: a link must not carry a token or a form's state along). */
  readonly path: string;
  /** Who is signed in, with the sign-out form's token; absent on the pages before sign-in. */
  readonly signedIn?: { readonly label: string; readonly csrf: string };
}

export const e = escapeHtml;

export function words(locale: PortalLocale): PortalWords {
  return portalWords(locale);
}

export function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${e(csrf)}">`;
}

/** A date and time in the page's language (UTC, said so, since the portal does not know the reader's zone). */
export function formatWhen(locale: PortalLocale, at: Date | string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(at))} UTC`;
}

export function formatSize(locale: PortalLocale, bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(1, Math.round(bytes / 1024)), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

export function sendPage(res: Response, status: number, frame: PageFrame, title: string, content: string): void {
  const w = words(frame.locale);
  const languages = PORTAL_LOCALES.map((locale) =>
    locale === frame.locale
      ? `<li><span aria-current="true" lang="${locale}">${e(PORTAL_LOCALE_NAMES[locale])}</span></li>`
      : `<li><a href="${e(frame.path)}?lang=${locale}" lang="${locale}" hreflang="${locale}">${e(PORTAL_LOCALE_NAMES[locale])}</a></li>`,
  ).join('');
  const account = frame.signedIn
    ? `<div class="account"><span>${e(w.signedInAs({ who: frame.signedIn.label }))}</span><form method="post" action="/portal/sign-out">${csrfField(frame.signedIn.csrf)}<button type="submit" class="link">${e(w.signOut)}</button></form></div>`
    : '';
  const navigation = frame.signedIn ? `<nav aria-label="${e(w.portalName)}"><a href="/portal/tickets">${e(w.myRequests)}</a><a href="/portal/new">${e(w.newRequest)}</a></nav>` : '';
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="${frame.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${e(title)} · ${e(w.portalName)}</title><style>${STYLE}</style></head><body><header><div class="bar"><strong class="brand">${e(w.portalName)}</strong>${account}</div>${navigation}</header><main id="main"><h1>${e(title)}</h1>${content}</main><footer><nav aria-label="${e(w.language)}"><ul class="languages">${languages}</ul></nav></footer></body></html>`,
    );
}

/** A notice above a page's content: an error (announced at once) or a confirmation. */
export function notice(kind: 'error' | 'ok', text: string): string {
  return kind === 'error' ? `<p class="notice error" role="alert">${e(text)}</p>` : `<p class="notice ok" role="status">${e(text)}</p>`;
}

const STYLE = [
  '*{box-sizing:border-box}',
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1c1e21}',
  'header{background:#fff;border-bottom:1px solid #dde0e4}',
  '.bar{max-width:48rem;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}',
  '.account{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;font-size:.9rem}',
  'header nav{max-width:48rem;margin:0 auto;padding:0 1rem .5rem;display:flex;gap:1rem}',
  'main{max-width:48rem;margin:1rem auto;padding:1rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}',
  '@media (min-width:40rem){main{margin:2rem auto;padding:1.5rem 2rem}}',
  'h1{font-size:1.4rem;margin-top:0;overflow-wrap:anywhere}h2{font-size:1.1rem}',
  'a{color:#0b57d0}',
  'label{display:block;font-weight:600;margin:.8rem 0 .3rem}',
  'input[type=email],input[type=text],textarea{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #8a8f98;border-radius:6px}',
  'input[type=file]{display:block;max-width:100%}',
  'button{font:inherit;padding:.6rem 1.2rem;margin-top:1rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}',
  'button.link{background:none;color:#0b57d0;padding:0;margin:0;text-decoration:underline}',
  ':focus-visible{outline:2px solid #0b57d0;outline-offset:2px}',
  '.notice{padding:.6rem .8rem;border-radius:6px}.error{background:#fde7e9;color:#a4262c}.ok{background:#e6f4ea;color:#1d5b34}',
  '.tickets{list-style:none;padding:0;margin:0}.tickets li{border-top:1px solid #e4e6ea;padding:.7rem 0}',
  '.tickets a{font-weight:600;overflow-wrap:anywhere}.meta{color:#555b63;font-size:.9rem}',
  '.status{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem;background:#e8eaed;color:#1c1e21}',
  '.status--resolved{background:#e6f4ea;color:#1d5b34}.status--answered{background:#e8f0fe;color:#174ea6}',
  '.thread{list-style:none;padding:0}.message{border:1px solid #e4e6ea;border-radius:8px;padding:.7rem .9rem;margin:.7rem 0}',
  '.message--agent{background:#f3f6fc}.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0 0}',
  '.files{margin:.4rem 0 0;padding-left:1.2rem}',
  '.choice{display:block;font-weight:400;padding:.5rem .7rem;border:1px solid #c9ccd1;border-radius:6px}',
  'fieldset{border:0;padding:0;margin:0}legend{font-weight:600}',
  'footer{max-width:48rem;margin:0 auto 2rem;padding:0 1rem}',
  '.languages{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem;font-size:.9rem}',
].join('');
