/**
 * The Help tab put together: the tabs above the chat, the articles' state and page, the suggestions under
 * a first message, and the way to the customer portal. The chat (chat.ts) only places the pieces.
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { HelpMessages } from '../i18n/help-messages';
import type { Locale } from '../i18n/messages';
import { HelpState } from './help-state';
import { HelpView } from './help-view';
import { type KbClient, kbClient } from './kb-client';
import { openPortal } from './portal-link';
import { SuggestionList } from './suggestion-list';
import { type TabName, Tabs } from './tabs';

export interface HelpTabOptions {
  readonly text: HelpMessages;
  readonly locale: Locale;
  /** The chat's own panel, which the Chat tab shows. */
  readonly chatPanel: HTMLElement;
  /** Back in the Chat tab: the keyboard goes where the visitor would write. */
  readonly toChat: () => void;
  /** The visitor's token when the site verified who they are, else null (the portal then asks for their email). */
  readonly verifiedToken: () => string | null;
  readonly client?: KbClient;
}

export class HelpTab {
  readonly tabs: Tabs;
  readonly panel: HTMLElement;
  readonly #doc: Document;
  readonly #options: HelpTabOptions;
  readonly #client: KbClient;
  readonly #state: HelpState;
  readonly #view: HelpView;

  constructor(doc: Document, options: HelpTabOptions) {
    this.#doc = doc;
    this.#options = options;
    this.#client = options.client ?? kbClient(options.locale);
    this.#state = new HelpState(this.#client, () => this.#view.render());
    this.#view = new HelpView(doc, options.text, this.#state, options.locale, {
      startChat: () => {
        this.tabs.select('chat');
        options.toChat();
      },
      myRequests: () => openPortal(doc, options.locale, options.verifiedToken()),
    });
    this.panel = this.#view.element;
    this.tabs = new Tabs(doc, options.text.tabs, { chat: options.text.tabChat, help: options.text.tabHelp }, { chat: options.chatPanel, help: this.panel });
  }

  get selected(): TabName {
    return this.tabs.selected;
  }

  /** The keyboard to the Help tab's search box. */
  focus(): void {
    this.#view.input.focus();
  }

  /** Suggestions for the message written in `box` while `active()` (no chat yet); the caller places the list. */
  suggest(box: HTMLTextAreaElement, active: () => boolean): SuggestionList {
    return new SuggestionList(this.#doc, this.#options.text, this.#client, box, active, (hit) => this.open(hit));
  }

  /** An article (a suggestion) read in the Help tab. */
  open(hit: Pick<KbSearchHitDto, 'language' | 'slug'>): void {
    this.tabs.select('help');
    void this.#state.open(hit);
  }
}
