// @vitest-environment happy-dom
import { api, SubmitRatingRequest } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ratingMessages } from '../i18n/frame/all';
import { COMMENT_MAX_LENGTH, RATING_PATH, RatingPrompt } from './rating-prompt';

const t = ratingMessages.en;
const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const refusal = (status: number, code: string) => json(status, { error: { code, message: 'No.' } });

function prompt(fetcher: (url: string, init: RequestInit) => Promise<Response>) {
  const skipped = vi.fn();
  const rating = new RatingPrompt(document, { text: t, skipped, fetcher: fetcher as never });
  document.body.append(rating.element);
  const q = <E extends HTMLElement = HTMLElement>(selector: string) => rating.element.querySelector<E>(selector)!;
  const byName = (name: string) => [...rating.element.querySelectorAll('button')].find((b) => b.textContent === name)!;
  const submit = async () => {
    q<HTMLFormElement>('form').requestSubmit();
    await vi.waitFor(() => expect(q<HTMLButtonElement>('button[type="submit"]').disabled).toBe(false));
  };
  const sent = async () => {
    q<HTMLFormElement>('form').requestSubmit();
    await vi.waitFor(() => expect(q('.rating-result').textContent).not.toBe(''));
  };
  return { rating, skipped, q, byName, submit, sent };
}

afterEach(() => document.body.replaceChildren());

describe('RatingPrompt', () => {
  it('sends the same path, and no longer a comment, than the protocol takes', () => {
    expect(RATING_PATH).toBe(`/api/v1${api.submitRating.path}`);
    expect(api.submitRating.method).toBe('post');
    expect(SubmitRatingRequest.safeParse({ token: 't', rating: 'bad', comment: 'x'.repeat(COMMENT_MAX_LENGTH) }).success).toBe(true);
    expect(SubmitRatingRequest.safeParse({ token: 't', rating: 'bad', comment: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }).success).toBe(false);
  });

  it('asks good or bad with named toggle buttons; the comment and Send appear once the visitor has chosen', () => {
    const { rating, q, byName } = prompt(() => json(201, {}));
    expect(rating.element.hidden).toBe(true);
    expect(rating.asking).toBe(false);
    rating.open('tok-1');
    expect(rating.asking).toBe(true);
    const group = q('[role="group"]');
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).toBe(t.question);
    const [good, bad] = [byName(t.good), byName(t.bad)];
    expect([good.type, bad.type]).toEqual(['button', 'button']);
    expect([good.getAttribute('aria-pressed'), bad.getAttribute('aria-pressed')]).toEqual(['false', 'false']);
    expect(good.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    expect(q('.rating-details').hidden).toBe(true);

    rating.focus();
    expect(document.activeElement).toBe(good);
    bad.click();
    expect([good.getAttribute('aria-pressed'), bad.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
    expect(q('.rating-details').hidden).toBe(false);
    const comment = q<HTMLTextAreaElement>('textarea');
    expect(q<HTMLLabelElement>(`label[for="${comment.id}"]`).textContent).toBe(t.comment);
    expect(comment.maxLength).toBe(COMMENT_MAX_LENGTH);
    good.click();
    expect([good.getAttribute('aria-pressed'), bad.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
  });

  it('sends the rating and comment with the token once, then thanks the visitor in place of the prompt', async () => {
    const fetcher = vi.fn((_url: string, _init: RequestInit) => json(201, { rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }));
    const { rating, q, byName, sent } = prompt(fetcher);
    rating.open('tok-1');
    byName(t.good).click();
    q<HTMLTextAreaElement>('textarea').value = '  Quick and kind.  ';
    await sent();
    expect(fetcher).toHaveBeenCalledTimes(1);
    const [url, init] = fetcher.mock.calls[0]!;
    expect(url).toBe('/api/v1/satisfaction/ratings');
    expect(init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'omit' });
    expect(JSON.parse(init.body as string)).toEqual({ token: 'tok-1', rating: 'good', comment: 'Quick and kind.' });
    expect(q('form').hidden).toBe(true);
    expect(q('.rating-result').textContent).toBe(t.thanks);
    expect(q('.rating-result').getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(q('.rating-result'));
    expect(rating.asking).toBe(false);
  });

  it('says sorry after a bad rating, and sends no comment when none was written', async () => {
    const fetcher = vi.fn((_url: string, _init: RequestInit) => json(201, { rating: 'bad', ratedAt: '2026-12-06T10:00:00.000Z' }));
    const { rating, q, byName, sent } = prompt(fetcher);
    rating.open('tok-2');
    byName(t.bad).click();
    q<HTMLTextAreaElement>('textarea').value = '   ';
    await sent();
    expect(JSON.parse(fetcher.mock.calls[0]![1].body as string)).toEqual({ token: 'tok-2', rating: 'bad' });
    expect(q('.rating-result').textContent).toBe(t.thanksBad);
  });

  it('says when the chat was already rated, or can no longer be: the prompt is gone', async () => {
    for (const [status, code, text] of [
      [409, 'satisfaction/already_rated', t.alreadyRated],
      [410, 'satisfaction/expired', t.expired],
      [404, 'satisfaction/link_invalid', t.expired],
    ] as const) {
      const { rating, q, byName, sent } = prompt(() => refusal(status, code));
      rating.open('tok-3');
      byName(t.good).click();
      await sent();
      expect(q('form').hidden, code).toBe(true);
      expect(q('.rating-result').textContent, code).toBe(text);
      expect(rating.asking).toBe(false);
    }
  });

  it('tells any other failure in the prompt and lets the visitor send again', async () => {
    const answers = [
      () => refusal(429, 'request/rate_limited'),
      () => refusal(400, 'request/invalid'),
      () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json(201, { rating: 'bad', ratedAt: '2026-12-06T10:00:00.000Z' }),
    ];
    const fetcher = vi.fn((_url: string, _init: RequestInit) => answers.shift()!());
    const { rating, q, byName, submit, sent } = prompt(fetcher);
    rating.open('tok-4');
    byName(t.bad).click();
    q<HTMLTextAreaElement>('textarea').value = 'Too slow.';
    const problem = q('.rating-problem');
    expect(problem.getAttribute('role')).toBe('alert');
    for (const expected of [t.rateLimited, t.failed, t.failed, t.failed]) {
      await submit();
      expect(problem.textContent).toBe(expected);
      expect(q('form').hidden).toBe(false);
      expect(rating.asking).toBe(true);
    }
    await sent();
    expect(fetcher).toHaveBeenCalledTimes(5);
    expect(new Set(fetcher.mock.calls.map(([, init]) => init.body))).toEqual(new Set([JSON.stringify({ token: 'tok-4', rating: 'bad', comment: 'Too slow.' })]));
    expect(problem.textContent).toBe('');
    expect(q('.rating-result').textContent).toBe(t.thanksBad);
  });

  it('sends nothing twice while an answer is on its way', async () => {
    let answer!: (res: Response) => void;
    const fetcher = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const { rating, q, byName } = prompt(fetcher);
    rating.open('tok-5');
    byName(t.good).click();
    const form = q<HTMLFormElement>('form');
    form.requestSubmit();
    form.requestSubmit();
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(q<HTMLButtonElement>('button[type="submit"]').disabled).toBe(true);
    answer(new Response(JSON.stringify({ rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }), { status: 201 }));
    await vi.waitFor(() => expect(q('.rating-result').textContent).toBe(t.thanks));
  });

  it('goes away when skipped, or when a new chat starts while it is sending, with its token', async () => {
    let answer!: (res: Response) => void;
    const fetcher = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const { rating, skipped, q, byName } = prompt(fetcher);
    rating.open('tok-6');
    byName(t.skip).click();
    expect(rating.element.hidden).toBe(true);
    expect(rating.asking).toBe(false);
    expect(skipped).toHaveBeenCalledTimes(1);
    q<HTMLFormElement>('form').requestSubmit();
    expect(fetcher).not.toHaveBeenCalled();

    rating.open('tok-7');
    byName(t.good).click();
    q<HTMLFormElement>('form').requestSubmit();
    rating.close();
    answer(new Response(JSON.stringify({ rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }), { status: 201 }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rating.element.hidden).toBe(true);
    expect(q('.rating-result').textContent).toBe('');
  });

  it('opens afresh for another chat', async () => {
    const { rating, q, byName, sent } = prompt(() => json(201, { rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }));
    rating.open('tok-8');
    byName(t.good).click();
    await sent();
    rating.open('tok-9');
    expect(q('form').hidden).toBe(false);
    expect(q('.rating-result').textContent).toBe('');
    expect(q('.rating-details').hidden).toBe(true);
    expect(byName(t.good).getAttribute('aria-pressed')).toBe('false');
  });

  it('asks once for a survey the chat\'s state keeps offering: not again while asking, once rated, or once skipped', async () => {
    const { rating, q, byName, sent } = prompt(() => json(201, { rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }));
    rating.offer('tok-10');
    expect(rating.asking).toBe(true);
    byName(t.good).click();
    rating.offer('tok-10');
    expect(byName(t.good).getAttribute('aria-pressed')).toBe('true');
    await sent();
    rating.offer('tok-10');
    expect(q('form').hidden).toBe(true);
    expect(q('.rating-result').textContent).toBe(t.thanks);

    rating.offer('tok-11');
    expect(rating.asking).toBe(true);
    byName(t.skip).click();
    rating.offer('tok-11');
    expect(rating.element.hidden).toBe(true);
  });

  it('keeps the token out of every storage', async () => {
    const { rating, byName, sent } = prompt(() => json(201, { rating: 'good', ratedAt: '2026-12-06T10:00:00.000Z' }));
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    rating.open('tok-secret');
    byName(t.good).click();
    await sent();
    expect(setItem).not.toHaveBeenCalled();
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('tok-secret');
    expect(document.cookie).not.toContain('tok-secret');
    setItem.mockRestore();
  });
});
