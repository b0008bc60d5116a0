import {
  DomainError, ErrorCodes, escapeHtml, SATISFACTION_RATINGS, type SatisfactionRating, type SurveyLocale, surveyLocaleFromAcceptLanguage, surveyLocaleOf, surveyWords,
} from '@parley/domain';
import express, { type Request, type Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { forkScope } from '../../app-context.js';
import { httpStatusOf } from '../../http/http-error.js';
import { submitRating, surveyForPage } from './rating.service.js';

/**
 * The page a survey letter's link opens, `/rate/<token>?rating=good`: the answer the customer clicked is
 * chosen, and nothing is recorded until they send the form (mail scanners open every link in a letter; a
 * click alone must not rate). Plain HTML with no script, in the customer's language, sent with a policy
 * that allows nothing but its own inline style and posting back to itself.
 */
export function ratingPageRouter(app: AppContext): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  router.get('/:token', async (req, res) => {
    const token = String(req.params.token);
    const survey = await surveyForPage(app, token);
    const locale = pageLocale(req, survey.locale);
    const words = surveyWords(locale);
    if (survey.refusal) {
      const status = survey.refusal === 'invalid' ? 404 : survey.refusal === 'expired' ? 410 : 409;
      sendPage(res, status, locale, words.pageTitle, `<p>${escapeHtml(survey.refusal === 'invalid' ? words.invalid : survey.refusal === 'expired' ? words.expired : words.alreadyRated)}</p>`);
      return;
    }
    const chosen = ratingOf(req.query.rating);
    sendPage(res, 200, locale, words.pageTitle, ratingForm(locale, survey.number, chosen, ''));
  });
  router.post('/:token', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 }), async (req, res) => {
    const token = String(req.params.token);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const locale = pageLocale(req, null);
    const words = surveyWords(locale);
    const rating = ratingOf(body.rating);
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : '';
    if (!rating) {
      const survey = await surveyForPage(app, token);
      sendPage(res, 400, locale, words.pageTitle, `<p class="error" role="alert">${escapeHtml(words.chooseOne)}</p>${ratingForm(locale, survey.number, null, comment)}`);
      return;
    }
    try {
      await app.rateLimits.consumePublicForm(req.ip ?? 'unknown');
      await submitRating(forkScope(app, null), { token, rating, comment });
      sendPage(res, 201, locale, words.pageTitle, `<p role="status">${escapeHtml(rating === 'good' ? words.thanks : words.thanksBad)}</p>`);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        app.logger.error({ err: error }, 'a rating could not be saved');
        sendPage(res, 500, locale, words.pageTitle, `<p class="error" role="alert">${escapeHtml(words.failed)}</p>`);
        return;
      }
      app.logger.info({ code: error.code }, 'rating refused');
      const message =
        error.code === ErrorCodes.satisfactionAlreadyRated ? words.alreadyRated
        : error.code === ErrorCodes.satisfactionExpired ? words.expired
        : error.code === ErrorCodes.satisfactionLinkInvalid ? words.invalid
        : words.failed;
      sendPage(res, httpStatusOf(error.code), locale, words.pageTitle, `<p class="error" role="alert">${escapeHtml(message)}</p>`);
    }
  });
  return router;
}

function ratingOf(value: unknown): SatisfactionRating | null {
  return typeof value === 'string' && (SATISFACTION_RATINGS as readonly string[]).includes(value) ? (value as SatisfactionRating) : null;
}

/** The language asked for in the link, else the browser's, else the survey's own. */
function pageLocale(req: Request, surveyLocale: string | null): SurveyLocale {
  const asked = typeof req.query.lang === 'string' ? surveyLocaleOf(req.query.lang) : null;
  return asked ?? surveyLocaleFromAcceptLanguage(req.get('accept-language')) ?? surveyLocaleOf(surveyLocale) ?? 'en';
}

function ratingForm(locale: SurveyLocale, number: string, chosen: SatisfactionRating | null, comment: string): string {
  const words = surveyWords(locale);
  const option = (rating: SatisfactionRating, label: string) =>
    `<label class="choice choice--${rating}"><input type="radio" name="rating" value="${rating}"${chosen === rating ? ' checked' : ''} required> ${escapeHtml(label)}</label>`;
  return [
    `<form method="post" action="?lang=${locale}">`,
    `<fieldset><legend>${escapeHtml(words.question({ number }))}</legend>`,
    option('good', words.good),
    option('bad', words.bad),
    '</fieldset>',
    `<label for="comment">${escapeHtml(words.commentLabel)}</label>`,
    `<textarea id="comment" name="comment" rows="5" maxlength="2000">${escapeHtml(comment)}</textarea>`,
    `<button type="submit">${escapeHtml(words.send)}</button>`,
    '</form>',
  ].join('\n');
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1c1e21}main{max-width:34rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin-top:0}fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.5rem}.choice{display:block;padding:.6rem .8rem;margin:.4rem 0;border:1px solid #c9ccd1;border-radius:6px;cursor:pointer}.choice:focus-within{outline:2px solid #0b57d0}textarea{display:block;width:100%;box-sizing:border-box;margin:.4rem 0 1rem;font:inherit}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}.error{color:#a4262c}`;

function sendPage(res: Response, status: number, locale: SurveyLocale, title: string, content: string): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`,
    );
}
