/**
 * Rating the chat the visitor just ended: when chat:end's answer carries a survey, a small prompt asks "How was
 * this chat?" (good or bad, then an optional comment) and sends the answer once (POST /api/v1/satisfaction/ratings
 * with the survey's token). The token is kept here, in memory only: a reload loses the prompt, and it never goes
 * to any storage (the frame's or the host page's).
 */
import type { ErrorResponse, SubmitRatingRequest, SubmittedRatingDto } from '@parley/protocol';
import type { RatingMessages } from '../i18n/rating-messages';
import { button, control, el } from './dom';

/** api.submitRating: the public endpoint that takes a survey's answer. */
export const RATING_PATH = '/api/v1/satisfaction/ratings';
/** As long a comment as the server takes (RATING_COMMENT_MAX_LENGTH; the test checks it against the protocol). */
export const COMMENT_MAX_LENGTH = 2000;

type Rating = SubmitRatingRequest['rating'];
const RATINGS: readonly Rating[] = ['good', 'bad'];

export interface RatingPromptOptions {
  readonly text: RatingMessages;
  /** The visitor skipped the prompt: it is gone, the keyboard goes on elsewhere. */
  readonly skipped?: () => void;
  readonly fetcher?: typeof fetch;
}

/** What the server's answer means for the visitor: done (a line in place of the prompt) or a problem to retry. */
type Outcome = { readonly done: string } | { readonly retry: string };

export class RatingPrompt {
  /** The prompt, or after an answer the line that says how it went; hidden when there is nothing to rate. */
  readonly element: HTMLElement;
  readonly #form: HTMLFormElement;
  readonly #choices: Readonly<Record<Rating, HTMLButtonElement>>;
  /** The comment and Send: shown once the visitor has chosen. */
  readonly #details: HTMLElement;
  readonly #comment: HTMLTextAreaElement;
  readonly #send: HTMLButtonElement;
  /** Why the last try failed (the visitor may send again). */
  readonly #problem: HTMLElement;
  /** The thank-you, or why there is nothing more to rate. */
  readonly #result: HTMLElement;
  readonly #options: RatingPromptOptions;
  #token: string | null = null;
  /** Surveys answered or skipped here: a chat state repeating one does not ask again. */
  readonly #settled = new Set<string>();
  #choice: Rating | null = null;
  #sending = false;

  constructor(doc: Document, options: RatingPromptOptions) {
    this.#options = options;
    const t = options.text;
    this.element = el(doc, 'section', 'rating');
    this.element.setAttribute('aria-labelledby', 'rating-question');
    this.element.hidden = true;
    this.#form = el(doc, 'form', 'rating-form') as HTMLFormElement;
    const question = el(doc, 'p', 'rating-question', t.question);
    question.id = 'rating-question';
    const group = el(doc, 'div', 'rating-choices');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-labelledby', 'rating-question');
    const choice = (rating: Rating): HTMLButtonElement => {
      const choose = button(doc, `rating-choice rating-choice--${rating}`, undefined, 'button');
      choose.setAttribute('aria-pressed', 'false');
      choose.append(thumb(doc, rating), el(doc, 'span', 'rating-choice__label', rating === 'good' ? t.good : t.bad));
      choose.addEventListener('click', () => this.#choose(rating));
      return choose;
    };
    this.#choices = { good: choice('good'), bad: choice('bad') };
    const skip = button(doc, 'rating-skip', t.skip, 'button');
    skip.addEventListener('click', () => {
      if (this.#token) this.#settled.add(this.#token);
      this.close();
      options.skipped?.();
    });
    group.append(this.#choices.good, this.#choices.bad);
    const top = el(doc, 'div', 'rating-top');
    top.append(group, skip);

    this.#details = el(doc, 'div', 'rating-details');
    this.#details.hidden = true;
    const [label, comment] = control(doc, 'textarea', 'rating-comment', t.comment) as [HTMLLabelElement, HTMLTextAreaElement];
    this.#comment = comment;
    comment.rows = 2;
    comment.maxLength = COMMENT_MAX_LENGTH;
    this.#send = button(doc, 'primary', t.send, 'submit');
    this.#details.append(label, comment, this.#send);

    this.#problem = el(doc, 'p', 'rating-problem');
    this.#problem.setAttribute('role', 'alert');
    this.#form.append(question, top, this.#details, this.#problem);
    // Present (empty) from the start, so that screen readers announce the line when it is written.
    this.#result = el(doc, 'p', 'rating-result');
    this.#result.setAttribute('role', 'status');
    this.#result.tabIndex = -1;
    this.element.append(this.#form, this.#result);
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
  }

  /**
   * Asks for this survey unless it is asked already, or was answered or skipped here: the chat's state repeats
   * its token (an agent resolved the chat) until the survey is rated.
   */
  offer(token: string): void {
    if (token === this.#token || this.#settled.has(token)) return;
    this.open(token);
  }

  /** Asks afresh, for the survey this token answers. */
  open(token: string): void {
    this.#token = token;
    this.#choice = null;
    this.#sending = false;
    for (const rating of RATINGS) this.#choices[rating].setAttribute('aria-pressed', 'false');
    this.#comment.value = '';
    this.#details.hidden = true;
    this.#send.disabled = false;
    this.#problem.textContent = '';
    this.#result.textContent = '';
    this.#form.hidden = false;
    this.element.hidden = false;
  }

  /** Gone, with its token (a new chat started, or the visitor skipped it). */
  close(): void {
    this.#token = null;
    this.element.hidden = true;
  }

  /** Whether the prompt still waits for the visitor's answer. */
  get asking(): boolean {
    return this.#token !== null && !this.element.hidden && !this.#form.hidden;
  }

  /** The keyboard lands on the first answer. */
  focus(): void {
    this.#choices.good.focus();
  }

  #choose(rating: Rating): void {
    this.#choice = rating;
    for (const other of RATINGS) this.#choices[other].setAttribute('aria-pressed', String(other === rating));
    this.#details.hidden = false;
    this.#problem.textContent = '';
  }

  async #submit(): Promise<void> {
    const token = this.#token;
    if (!token || !this.#choice || this.#sending) return;
    const rating = this.#choice;
    const comment = this.#comment.value.trim();
    const body: SubmitRatingRequest = { token, rating, ...(comment ? { comment } : {}) };
    this.#sending = true;
    this.#send.disabled = true;
    this.#problem.textContent = '';
    let outcome: Outcome;
    try {
      const res = await (this.#options.fetcher ?? fetch)(RATING_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
      const answer = (await res.json().catch(() => null)) as SubmittedRatingDto | Partial<ErrorResponse> | null;
      outcome = res.ok ? { done: rating === 'bad' ? this.#options.text.thanksBad : this.#options.text.thanks } : this.#refusal(res.status, (answer as Partial<ErrorResponse> | null)?.error?.code);
    } catch {
      outcome = { retry: this.#options.text.failed };
    }
    this.#sending = false;
    // Closed (a new chat) while the answer was on its way: nothing more to show.
    if (this.#token !== token) return;
    if ('retry' in outcome) {
      this.#problem.textContent = outcome.retry;
      this.#send.disabled = false;
      return;
    }
    // Rated (or no longer to be rated): once only, so the prompt is gone and its token with it.
    this.#settled.add(token);
    this.#token = null;
    this.#form.hidden = true;
    this.#result.textContent = outcome.done;
    this.#result.focus();
  }

  /** A refused answer: already rated or no longer valid ends the prompt; anything else may be tried again. */
  #refusal(status: number, code: string | undefined): Outcome {
    const t = this.#options.text;
    if (code === 'satisfaction/already_rated' || (code === undefined && status === 409)) return { done: t.alreadyRated };
    if (code === 'satisfaction/expired' || code === 'satisfaction/link_invalid') return { done: t.expired };
    if (code === 'request/rate_limited' || status === 429) return { retry: t.rateLimited };
    return { retry: t.failed };
  }
}

/** A thumb, up for good and (turned over) down for bad: drawn, since an emoji depends on the visitor's fonts. */
function thumb(doc: Document, rating: Rating): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'rating-thumb');
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', 'M7 10.5v9.5H4.5a1.5 1.5 0 0 1-1.5-1.5V12a1.5 1.5 0 0 1 1.5-1.5H7l3.6-7a2.2 2.2 0 0 1 3.9 1.6L13.8 9h5.4a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 18 20H7');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linejoin', 'round');
  if (rating === 'bad') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.append(path);
  return svg;
}
