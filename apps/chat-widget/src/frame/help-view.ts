/**
 * The Help tab's page: a search box, the articles found (title and a snippet with the matching words marked),
 * and an article read inside the frame with "was this helpful?", the way back to a chat, and the visitor's
 * requests in the customer portal. It draws HelpState; what happens lives there.
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { HelpMessages } from '../i18n/help-messages';
import { articleBody } from './article-body';
import { button, el } from './dom';
import { fill } from './files';
import type { HelpState } from './help-state';

/** The pause in typing after which the Help tab searches by itself. */
const SEARCH_DELAY_MS = 300;

export interface HelpViewHooks {
  /** "Start a chat": back to the chat tab. */
  readonly startChat: () => void;
  /** "My requests": the customer portal in a new tab. */
  readonly myRequests: () => void;
}

export class HelpView {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  readonly #doc: Document;
  readonly #t: HelpMessages;
  readonly #state: HelpState;
  readonly #locale: string;
  readonly #intro: HTMLElement;
  readonly #status: HTMLElement;
  readonly #results: HTMLElement;
  readonly #search: HTMLElement;
  readonly #reader: HTMLElement;
  readonly #title: HTMLElement;
  readonly #body: HTMLElement;
  readonly #page: HTMLAnchorElement;
  readonly #yes: HTMLButtonElement;
  readonly #no: HTMLButtonElement;
  readonly #voted: HTMLElement;
  #shown: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(doc: Document, t: HelpMessages, state: HelpState, locale: string, hooks: HelpViewHooks) {
    this.#doc = doc;
    this.#t = t;
    this.#state = state;
    this.#locale = locale;
    this.element = el(doc, 'div', 'help-view');

    const form = el(doc, 'form', 'help-search') as HTMLFormElement;
    form.setAttribute('role', 'search');
    this.#intro = el(doc, 'p', 'intro', t.intro);
    const label = el(doc, 'label', '', t.searchLabel) as HTMLLabelElement;
    label.htmlFor = 'help-query';
    this.input = doc.createElement('input');
    this.input.type = 'search';
    this.input.id = 'help-query';
    this.input.maxLength = 500;
    this.input.autocomplete = 'off';
    const row = el(doc, 'div', 'help-row');
    row.append(this.input, button(doc, 'primary', t.search, 'submit'));
    form.append(this.#intro, label, row);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.#timer);
      void state.search(this.input.value);
    });
    this.input.addEventListener('input', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void state.search(this.input.value), SEARCH_DELAY_MS);
    });
    this.#status = el(doc, 'p', 'help-status');
    this.#status.setAttribute('role', 'status');
    this.#results = el(doc, 'ul', 'help-results');
    this.#results.setAttribute('aria-label', t.results);
    this.#search = el(doc, 'div', 'help-list');
    this.#search.append(form, this.#status, this.#results);

    this.#reader = el(doc, 'article', 'help-article');
    const back = button(doc, 'link-button', `← ${t.back}`, 'button');
    back.addEventListener('click', () => state.back());
    this.#title = el(doc, 'h2', 'help-title');
    this.#title.tabIndex = -1;
    this.#body = el(doc, 'div', 'kb-body');
    this.#page = el(doc, 'a', 'help-page', t.openPage) as HTMLAnchorElement;
    this.#page.target = '_blank';
    this.#page.rel = 'noopener noreferrer';
    this.#page.append(el(doc, 'span', 'visually-hidden', ` ${t.newTab}`));
    const question = el(doc, 'p', 'helpful-question', t.helpful);
    question.id = 'helpful-question';
    const answers = el(doc, 'div', 'helpful');
    answers.setAttribute('role', 'group');
    answers.setAttribute('aria-labelledby', question.id);
    this.#yes = button(doc, 'rating-choice', t.yes, 'button');
    this.#no = button(doc, 'rating-choice', t.no, 'button');
    this.#yes.addEventListener('click', () => void state.answer('yes'));
    this.#no.addEventListener('click', () => void state.answer('no'));
    answers.append(question, this.#yes, this.#no);
    this.#voted = el(doc, 'p', 'helpful-result');
    this.#voted.setAttribute('role', 'status');
    const more = el(doc, 'div', 'help-more');
    const chat = button(doc, 'primary', t.startChat, 'button');
    chat.addEventListener('click', hooks.startChat);
    more.append(el(doc, 'p', 'help-more-question', t.stillNeedHelp), chat);
    this.#reader.append(back, this.#title, this.#body, this.#page, answers, this.#voted, more);

    const footer = el(doc, 'div', 'help-footer');
    const requests = button(doc, 'secondary', t.myRequests, 'button');
    requests.append(el(doc, 'span', 'visually-hidden', ` ${t.newTab}`));
    requests.addEventListener('click', hooks.myRequests);
    footer.append(requests);
    this.element.append(this.#search, this.#reader, footer);
    this.render();
  }

  /** Draws the state; the keyboard follows an article opened or closed. */
  render(): void {
    const state = this.#state;
    const t = this.#t;
    const article = state.article;
    this.#search.hidden = article !== null;
    this.#reader.hidden = article === null;
    this.#intro.hidden = state.phase !== 'idle';
    this.#status.textContent =
      state.articleFailed || state.phase === 'failed' ? t.failed
      : state.phase === 'searching' ? t.searching
      : state.phase === 'done' && state.results.length === 0 ? t.noResults
      : state.phase === 'done' ? fill(t.found, { count: new Intl.NumberFormat(this.#locale).format(state.results.length) })
      : '';
    this.#results.replaceChildren(...(state.phase === 'done' ? state.results.map((hit) => this.#hit(hit)) : []));
    this.#results.hidden = this.#results.childElementCount === 0;
    if (article && this.#shown !== article.id) {
      this.#title.textContent = article.title;
      this.#title.lang = article.language;
      this.#body.lang = article.language;
      this.#body.replaceChildren(articleBody(this.#doc, article.body));
      this.#page.href = article.url;
      this.#reader.scrollTop = 0;
      this.#title.focus();
    } else if (!article && this.#shown !== null) {
      this.input.focus();
    }
    this.#shown = article?.id ?? null;
    const vote = state.vote();
    const answered = vote === 'yes' || vote === 'no';
    for (const [choice, answer] of [[this.#yes, 'yes'], [this.#no, 'no']] as const) {
      choice.disabled = vote !== null && vote !== 'failed';
      choice.setAttribute('aria-pressed', String(vote === answer));
    }
    this.#voted.textContent = answered ? t.thanks : vote === 'failed' ? t.voteFailed : '';
  }

  #hit(hit: KbSearchHitDto): HTMLElement {
    const item = this.#doc.createElement('li');
    const open = button(this.#doc, 'help-hit', undefined, 'button');
    open.append(el(this.#doc, 'span', 'help-hit-title', hit.title), snippet(this.#doc, hit));
    open.addEventListener('click', () => void this.#state.open(hit));
    item.append(open);
    return item;
  }
}

/** The words around a match, the matching ones marked. */
function snippet(doc: Document, hit: KbSearchHitDto): HTMLElement {
  const line = el(doc, 'span', 'help-hit-snippet');
  for (const part of hit.snippet) line.append(part.match ? el(doc, 'mark', '', part.text) : doc.createTextNode(part.text));
  return line;
}
