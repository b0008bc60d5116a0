import { pipeline } from 'node:stream/promises';
import { DomainError, ErrorCodes, PORTAL_SESSION_MAX_MS, surveyWords } from '@parley/domain';
import { PortalNewRequestForm, PortalRatingForm, PortalReplyForm, PortalSignInForm } from '@parley/protocol';
import express, { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { httpStatusOf } from '../../http/http-error.js';
import { downloadHeaders } from '../attachments/attachment.service.js';
import { checkCsrf, cookieOptions, loadPortalState, type PortalRequestState, portalState, SESSION_COOKIE } from './portal-context.js';
import { readPortalForm } from './portal-form.js';
import { e, notice, PORTAL_CSP, type PageFrame, sendPage, words } from './portal-html.js';
import { newRequestForm, redeemForm, signInForm, ticketList, ticketPage } from './portal-pages.js';
import { endPortalSession } from './portal-session.service.js';
import { checkPortalSignIn, redeemPortalSignIn, requestPortalSignIn, signInWithVisitor } from './portal-sign-in.service.js';
import { listPortalTickets, portalAttachment, portalCustomerLabel, portalNewRequest, portalRate, portalReply, portalTicket } from './portal-tickets.service.js';

/**
 * The customer portal at /portal, served by Parley as HTML that works without JavaScript: sign-in by a link
 * sent to the customer's address, their tickets and the public thread of each, replies and new requests with
 * files, ratings. Handlers adapt forms to the portal's services; every rule lives in the domain.
 */
export function portalRouter(app: AppContext): Router {
  const router = Router();
  const urlencoded = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });
  const fileLimit = () => app.config.limits.visitorUploadBytes;
  router.use((_req, res, next) => {
    // Tokens travel in these URLs: no page is cached or tells another site where the reader came from.
    res.set({ 'Content-Security-Policy': PORTAL_CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  router.use(loadPortalState(app));

  const frame = async (req: Request, state: PortalRequestState): Promise<PageFrame> => ({
    locale: state.locale,
    // An answer to a form has no page of its own to show again in another language: its links lead to the start.
    path: req.method === 'GET' ? `/portal${req.path === '/' ? '' : req.path}` : '/portal',
    ...(state.customer ? { signedIn: { label: await portalCustomerLabel(app, state.customer.contactId), csrf: state.csrf } } : {}),
  });

  /** A route for signed-in customers only: anyone else is sent to sign in. */
  const signedIn = (handler: (req: Request, res: Response, state: PortalRequestState & { customer: NonNullable<PortalRequestState['customer']> }) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      const state = portalState(res);
      if (!state.customer) {
        res.redirect(303, '/portal');
        return;
      }
      try {
        await handler(req, res, state as PortalRequestState & { customer: NonNullable<PortalRequestState['customer']> });
      } catch (error) {
        await refusal(req, res, error);
      }
    };

  /** A refused request as a page: the reason in the reader's language, with the status it deserves. */
  const refusal = async (req: Request, res: Response, error: unknown, content = ''): Promise<void> => {
    const state = portalState(res);
    const w = words(state.locale);
    if (!(error instanceof DomainError)) {
      app.logger.error({ err: error }, 'portal request failed');
      sendPage(res, 500, await frame(req, state), w.portalName, notice('error', w.failed));
      return;
    }
    const message =
      error.code === ErrorCodes.authCsrf ? w.formExpired
      : error.code === ErrorCodes.requestRateLimited ? w.tooMany
      : error.code === ErrorCodes.attachmentTooLarge ? w.tooLarge({ size: formatLimit(state) })
      : error.code === ErrorCodes.ticketNotFound || error.code === ErrorCodes.attachmentNotFound || error.code === ErrorCodes.notFound ? w.notFound
      : error.code === ErrorCodes.satisfactionAlreadyRated ? surveyWords(state.locale).alreadyRated
      : error.code === ErrorCodes.satisfactionExpired ? surveyWords(state.locale).expired
      : error.code === ErrorCodes.satisfactionLinkInvalid ? w.notFound
      : error.code === ErrorCodes.requestInvalid && error.details?.maxFiles ? w.tooManyFiles({ count: Number(error.details.maxFiles) })
      : w.failed;
    if (error.code === ErrorCodes.requestRateLimited && typeof error.details?.retryAfterSeconds === 'number') res.set('Retry-After', String(error.details.retryAfterSeconds));
    sendPage(res, httpStatusOf(error.code), await frame(req, state), w.portalName, notice('error', message) + content);
  };
  const formatLimit = (state: PortalRequestState) => new Intl.NumberFormat(state.locale, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(fileLimit() / (1024 * 1024));

  // ---- signing in

  router.get('/', async (req, res) => {
    const state = portalState(res);
    if (state.customer) {
      res.redirect(303, '/portal/tickets');
      return;
    }
    sendPage(res, 200, await frame(req, state), words(state.locale).signInTitle, signInForm(state.locale, state.csrf));
  });

  router.post('/sign-in', urlencoded, async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = typeof body.next === 'string' ? body.next : null;
    try {
      checkCsrf(app, req, res, body.csrf);
      const form = parse(PortalSignInForm, body);
      if (!form) {
        sendPage(res, 400, await frame(req, state), w.signInTitle, notice('error', w.invalidEmail) + signInForm(state.locale, state.csrf, { next, email: typeof body.email === 'string' ? body.email.slice(0, 254) : '' }));
        return;
      }
      await requestPortalSignIn(app, { email: form.email, ip: req.ip ?? 'unknown', ticketId: app.portalKeys.ticketOf(form.next), locale: state.locale });
      sendPage(res, 200, await frame(req, state), w.signInTitle, notice('ok', w.linkSent));
    } catch (error) {
      await refusal(req, res, error, signInForm(state.locale, state.csrf, { next }));
    }
  });

  router.get('/sign-in/:token', async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    const refused = await checkPortalSignIn(app, String(req.params.token));
    if (refused) {
      sendPage(res, refusedStatus(refused), await frame(req, state), w.signInTitle, notice('error', refusedText(w, refused)) + signInForm(state.locale, state.csrf));
      return;
    }
    sendPage(res, 200, await frame(req, state), w.signInTitle, redeemForm(state.locale, state.csrf, `/portal/sign-in/${encodeURIComponent(String(req.params.token))}`));
  });

  router.post('/sign-in/:token', urlencoded, async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    try {
      checkCsrf(app, req, res, (req.body as Record<string, unknown> | undefined)?.csrf);
      const outcome = await redeemPortalSignIn(app, String(req.params.token));
      if (!outcome.ok) {
        sendPage(res, refusedStatus(outcome.refusal), await frame(req, state), w.signInTitle, notice('error', refusedText(w, outcome.refusal)) + signInForm(state.locale, state.csrf));
        return;
      }
      res.cookie(SESSION_COOKIE, outcome.sessionToken, cookieOptions(app, PORTAL_SESSION_MAX_MS));
      res.redirect(303, outcome.landing);
    } catch (error) {
      await refusal(req, res, error);
    }
  });

  /**
   * Sign-in from the chat widget (its frame is served from this origin): the visitor's token in a form. Only
   * a form of this very origin is taken, so another site cannot sign a browser in as someone else.
   */
  router.post('/widget-sign-in', urlencoded, async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    try {
      const origin = req.get('origin');
      if (!origin || (origin !== new URL(app.config.publicUrl).origin && origin !== `${req.protocol}://${req.get('host')}`)) {
        throw new DomainError(ErrorCodes.authCsrf, 'Only the widget of this help desk may sign in this way.');
      }
      const token = (req.body as Record<string, unknown> | undefined)?.visitorToken;
      await app.rateLimits.consumePortalSignIn(req.ip ?? 'unknown', `visitor:${typeof token === 'string' ? token.split('.')[1] ?? '' : ''}`);
      const outcome = typeof token === 'string' && token.length <= 200 ? await signInWithVisitor(app, token) : { ok: false as const };
      if (!outcome.ok) {
        sendPage(res, 403, await frame(req, state), w.signInTitle, notice('error', w.identityNotVerified) + signInForm(state.locale, state.csrf));
        return;
      }
      res.cookie(SESSION_COOKIE, outcome.sessionToken, cookieOptions(app, PORTAL_SESSION_MAX_MS));
      res.redirect(303, '/portal/tickets');
    } catch (error) {
      await refusal(req, res, error);
    }
  });

  /** A ticket's link from one of our letters: the ticket once signed in, else sign-in first and then the ticket. */
  router.get('/t/:token', async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    const token = String(req.params.token);
    const ticketId = app.portalKeys.ticketOf(token);
    if (ticketId === null) {
      sendPage(res, 404, await frame(req, state), w.portalName, notice('error', w.notFound));
      return;
    }
    if (state.customer) {
      res.redirect(303, `/portal/tickets/${ticketId}`);
      return;
    }
    sendPage(res, 200, await frame(req, state), w.signInTitle, notice('ok', w.signInToContinue) + signInForm(state.locale, state.csrf, { next: token }));
  });

  router.post('/sign-out', urlencoded, async (req, res) => {
    const state = portalState(res);
    const w = words(state.locale);
    try {
      checkCsrf(app, req, res, (req.body as Record<string, unknown> | undefined)?.csrf);
      if (state.customer) await endPortalSession(app, state.customer.sessionId);
      res.clearCookie(SESSION_COOKIE, cookieOptions(app));
      const anonymous = { ...state, customer: null, csrf: app.portalKeys.csrfToken(state.browserKey, null) };
      sendPage(res, 200, await frame(req, anonymous), w.signInTitle, notice('ok', w.signedOut) + signInForm(state.locale, anonymous.csrf));
    } catch (error) {
      await refusal(req, res, error);
    }
  });

  // ---- the customer's tickets

  router.get('/tickets', signedIn(async (req, res, state) => {
    const w = words(state.locale);
    const rows = await listPortalTickets(app, state.customer.contactId);
    sendPage(res, 200, await frame(req, state), w.myRequests, `<p><a href="/portal/new">${e(w.newRequest)}</a></p>${ticketList(state.locale, rows)}`);
  }));

  router.get('/tickets/:id', signedIn(async (req, res, state) => {
    const id = idOf(req.params.id);
    const view = await portalTicket(app, state.customer.contactId, id);
    const w = words(state.locale);
    const flash = req.query.sent === '1' ? notice('ok', w.replySent) : req.query.created === '1' ? notice('ok', w.requestCreated) : req.query.rated === '1' ? notice('ok', surveyWords(state.locale).thanks) : '';
    sendPage(res, 200, await frame(req, state), w.requestHeading({ number: view.ticket.number, subject: view.ticket.subject }), flash + ticketPage(state.locale, view, state.csrf, { fileLimit: fileLimit() }));
  }));

  router.post('/tickets/:id/replies', signedIn(async (req, res, state) => {
    const id = idOf(req.params.id);
    await app.rateLimits.consumePortalWrite(state.customer.contactId);
    const form = await readPortalForm(app, req, fileLimit());
    try {
      checkCsrf(app, req, res, form.fields.csrf);
      const parsed = parse(PortalReplyForm, form.fields);
      if (!parsed) {
        await form.discard();
        const view = await portalTicket(app, state.customer.contactId, id);
        const w = words(state.locale);
        sendPage(res, 400, await frame(req, state), w.requestHeading({ number: view.ticket.number, subject: view.ticket.subject }), notice('error', w.emptyMessage) + ticketPage(state.locale, view, state.csrf, { fileLimit: fileLimit() }));
        return;
      }
      await portalReply(app, state.customer.contactId, id, parsed, form.files);
    } catch (error) {
      await form.discard();
      throw error;
    }
    res.redirect(303, `/portal/tickets/${id}?sent=1`);
  }));

  router.post('/tickets/:id/rating', urlencoded, signedIn(async (req, res, state) => {
    const id = idOf(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    checkCsrf(app, req, res, body.csrf);
    const form = parse(PortalRatingForm, body);
    if (!form) throw new DomainError(ErrorCodes.requestInvalid, 'Choose good or bad.');
    await portalRate(app, state.customer.contactId, id, form.rating, form.comment);
    res.redirect(303, `/portal/tickets/${id}?rated=1`);
  }));

  router.get('/tickets/:id/files/:attachmentId', signedIn(async (req, res, state) => {
    const attachmentId = String(req.params.attachmentId);
    if (!/^[0-9a-f-]{36}$/.test(attachmentId)) throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
    const attachment = await portalAttachment(app, state.customer.contactId, idOf(req.params.id), attachmentId);
    res.set(downloadHeaders(attachment));
    res.set('Cache-Control', 'no-store');
    await pipeline(app.storage.openRead(attachment.storageKey), res);
  }));

  router.get('/new', signedIn(async (req, res, state) => {
    sendPage(res, 200, await frame(req, state), words(state.locale).newRequest, newRequestForm(state.locale, state.csrf, { fileLimit: fileLimit() }));
  }));

  router.post('/new', signedIn(async (req, res, state) => {
    await app.rateLimits.consumePortalWrite(state.customer.contactId);
    const form = await readPortalForm(app, req, fileLimit());
    let ticketId: number;
    try {
      checkCsrf(app, req, res, form.fields.csrf);
      const parsed = parse(PortalNewRequestForm, form.fields);
      if (!parsed) {
        await form.discard();
        const w = words(state.locale);
        const problem = typeof form.fields.subject === 'string' && form.fields.subject.trim() ? w.emptyMessage : w.emptySubject;
        sendPage(res, 400, await frame(req, state), w.newRequest, notice('error', problem) + newRequestForm(state.locale, state.csrf, { fileLimit: fileLimit(), subject: (form.fields.subject ?? '').slice(0, 250), message: (form.fields.message ?? '').slice(0, 100_000) }));
        return;
      }
      ticketId = await portalNewRequest(app, state.customer.contactId, req.ip ?? 'unknown', parsed, form.files);
    } catch (error) {
      await form.discard();
      throw error;
    }
    res.redirect(303, `/portal/tickets/${ticketId}?created=1`);
  }));

  // Anything else under /portal: a page, not the console's.
  router.use(async (req, res) => {
    const state = portalState(res);
    sendPage(res, 404, await frame(req, state), words(state.locale).portalName, notice('error', words(state.locale).notFound));
  });
  return router;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** A ticket id from the path; anything that is not one is simply not found. */
function idOf(value: unknown): number {
  const text = String(value);
  const id = /^[1-9][0-9]{0,11}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new DomainError(ErrorCodes.ticketNotFound, 'Ticket not found.');
  return id;
}

function refusedStatus(refusal: 'invalid' | 'used' | 'expired'): number {
  return refusal === 'invalid' ? 404 : refusal === 'expired' ? 410 : 409;
}

function refusedText(w: ReturnType<typeof words>, refusal: 'invalid' | 'used' | 'expired'): string {
  return refusal === 'invalid' ? w.linkInvalid : refusal === 'expired' ? w.linkExpired : w.linkUsed;
}
