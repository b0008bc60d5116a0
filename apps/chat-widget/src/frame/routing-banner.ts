/** Above the messages: the wait for an agent (with its counter, ticking while the visitor waits) or who joined. */
import type { VisitorChatStateDto } from '@parley/protocol';
import { el } from './dom';
import { type RoutingTexts, routingLine } from './routing-state';

export class RoutingBanner {
  readonly element: HTMLElement;
  readonly #line: HTMLElement;
  readonly #time: HTMLElement;
  #state: VisitorChatStateDto | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #text: RoutingTexts;

  constructor(doc: Document, text: RoutingTexts) {
    this.#text = text;
    // Announced when its line changes (waiting, who joined); the counter ticking every second is not read out.
    this.element = el(doc, 'p', 'routing');
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    this.#line = el(doc, 'span', 'routing__text');
    this.#time = el(doc, 'span', 'routing__time');
    this.#time.setAttribute('aria-hidden', 'true');
    this.element.append(this.#line, this.#time);
  }

  /** Routing told us where the chat stands (null: no chat). */
  set(state: VisitorChatStateDto | null): void {
    this.#state = state;
    clearInterval(this.#timer);
    this.#timer = state?.phase === 'waiting' ? setInterval(() => this.#render(), 1_000) : undefined;
    this.#render();
  }

  #render(): void {
    const shown = routingLine(this.#state, this.#text, Date.now());
    this.element.hidden = shown === null;
    if (!shown) return;
    if (this.#line.textContent !== shown.line) this.#line.textContent = shown.line;
    this.#time.textContent = shown.time ?? '';
    this.element.dataset.phase = this.#state?.phase ?? '';
  }
}
