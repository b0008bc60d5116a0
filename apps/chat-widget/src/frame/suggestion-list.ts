/**
 * Up to three articles under the message box while the visitor writes their first message: each opens in the
 * Help tab. It draws Suggestions; the box it watches is the pre-chat question or the composer.
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { HelpMessages } from '../i18n/help-messages';
import { button, el } from './dom';
import { Suggestions } from './suggestions';
import type { KbClient } from './kb-client';

let lists = 0;

export class SuggestionList {
  readonly element: HTMLElement;
  readonly state: Suggestions;
  readonly #list: HTMLElement;
  readonly #doc: Document;
  readonly #open: (hit: KbSearchHitDto) => void;

  /** `active` says whether the box's text is a first message (suggestions are not asked during a chat). */
  constructor(doc: Document, t: HelpMessages, client: KbClient, box: HTMLTextAreaElement, active: () => boolean, open: (hit: KbSearchHitDto) => void) {
    this.#doc = doc;
    this.#open = open;
    this.state = new Suggestions(client, () => this.render());
    this.element = el(doc, 'div', 'suggest');
    const heading = el(doc, 'p', 'suggest-title', t.suggestions);
    heading.id = `suggest-title-${++lists}`;
    this.#list = el(doc, 'ul', 'suggest-list');
    this.#list.setAttribute('aria-labelledby', heading.id);
    this.element.append(heading, this.#list);
    this.element.hidden = true;
    box.addEventListener('input', () => (active() ? this.state.input(box.value) : this.state.clear()));
    // Sent: the box is emptied by code (no input event), and the suggestions go with the text.
    box.form?.addEventListener('submit', () => this.state.clear());
  }

  render(): void {
    this.#list.replaceChildren(
      ...this.state.hits.map((hit) => {
        const item = this.#doc.createElement('li');
        const open = button(this.#doc, 'link-button', hit.title, 'button');
        open.addEventListener('click', () => this.#open(hit));
        item.append(open);
        return item;
      }),
    );
    this.element.hidden = this.state.hits.length === 0;
  }
}
