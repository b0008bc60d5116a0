import { randomBytes } from 'node:crypto';
import { DomainError, ErrorCodes, type PortalLocale, surveyLocaleFromAcceptLanguage, surveyLocaleOf } from '@parley/domain';
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../../app-context.js';
import { type PortalCustomer, portalCustomerOf } from './portal-session.service.js';

/**
 * What every portal request knows before its route runs: its language, the browser's CSRF key, and the
 * signed-in customer if any. Cookies are the portal's own (path /portal), HttpOnly and SameSite=Lax, and
 * Secure when the help desk is served over https.
 */
export const SESSION_COOKIE = 'parley_portal_session';
const CSRF_COOKIE = 'parley_portal_csrf';
const LANGUAGE_COOKIE = 'parley_portal_lang';

export interface PortalRequestState {
  readonly locale: PortalLocale;
  readonly customer: PortalCustomer | null;
  /** The token this browser's (and session's) forms carry. */
  readonly csrf: string;
  readonly browserKey: string;
}

export function cookieOptions(app: AppContext, maxAgeMs?: number): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: string; maxAge?: number } {
  return { httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure, path: '/portal', ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) };
}

export function portalState(res: Response): PortalRequestState {
  return res.locals.portal as PortalRequestState;
}

export function loadPortalState(app: AppContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
      // ?lang= chooses and is remembered; else the remembered choice; else the browser's.
      const asked = typeof req.query.lang === 'string' ? surveyLocaleOf(req.query.lang) : null;
      if (asked) res.cookie(LANGUAGE_COOKIE, asked, cookieOptions(app, 365 * 86_400_000));
      const locale = asked ?? surveyLocaleOf(cookies[LANGUAGE_COOKIE]) ?? surveyLocaleFromAcceptLanguage(req.get('accept-language')) ?? 'en';
      let browserKey = cookies[CSRF_COOKIE];
      if (!browserKey || !/^[A-Za-z0-9_-]{43}$/.test(browserKey)) {
        browserKey = randomBytes(32).toString('base64url');
        res.cookie(CSRF_COOKIE, browserKey, cookieOptions(app));
      }
      const customer = await portalCustomerOf(app, cookies[SESSION_COOKIE]);
      const state: PortalRequestState = { locale, customer, browserKey, csrf: app.portalKeys.csrfToken(browserKey, customer?.sessionToken ?? null) };
      res.locals.portal = state;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Refuses a form whose token is not this browser's and session's: a page of another site cannot post here
 * as the customer (SameSite=Lax already keeps the session cookie off its posts; this is the second lock).
 */
export function checkCsrf(app: AppContext, req: Request, res: Response, given: unknown): void {
  const state = portalState(res);
  const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
  const sent = cookies[CSRF_COOKIE];
  if (typeof given !== 'string' || !sent || sent !== state.browserKey || !app.portalKeys.csrfMatches(state.browserKey, state.customer?.sessionToken ?? null, given)) {
    throw new DomainError(ErrorCodes.authCsrf, 'The form\'s token is missing or not this browser\'s.');
  }
}
