/**
 * The Help tab put together: the tabs above the chat, the suggestions under a first message, and the articles'
 * page (help-page.ts), loaded when first needed. The chat (chat.ts) only places the pieces.
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { HelpMessages } from '../i18n/help-messages';
import type { Locale } from '../i18n/messages';
import { el } from './dom';
import type { HelpPage } from './help-page';
import { type KbClient, kbClient } from './kb-client';
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
  #page: Promise<HelpPage> | undefined;

  constructor(doc: Document, options: HelpTabOptions) {
    this.#doc = doc;
    this.#options = options;
    this.#client = options.client ?? kbClient(options.locale);
    this.panel = el(doc, 'div', 'help');
    this.tabs = new Tabs(doc, options.text.tabs, { chat: options.text.tabChat, help: options.text.tabHelp }, { chat: options.chatPanel, help: this.panel }, (tab) => {
      if (tab === 'help') void this.#load();
    });
  }

  get selected(): TabName {
    return this.tabs.selected;
  }

  /** The keyboard to the Help tab's search box. */
  focus(): void {
    void this.#load().then((page) => page.focus());
  }

  /** Suggestions for the message written in `box` while `active()` (no chat yet); the caller places the list. */
  suggest(box: HTMLTextAreaElement, active: () => boolean): SuggestionList {
    return new SuggestionList(this.#doc, this.#options.text, this.#client, box, active, (hit) => this.open(hit));
  }

  /** An article (a suggestion) read in the Help tab. */
  open(hit: Pick<KbSearchHitDto, 'language' | 'slug'>): void {
    this.tabs.select('help');
    void this.#load().then((page) => page.open(hit));
  }

  #load(): Promise<HelpPage> {
    const options = this.#options;
    this.#page ??= import('./help-page').then(({ mountHelpPage }) =>
      mountHelpPage(this.#doc, this.panel, {
        text: options.text,
        locale: options.locale,
        client: this.#client,
        startChat: () => {
          this.tabs.select('chat');
          options.toChat();
        },
        verifiedToken: options.verifiedToken,
      }),
    );
    return this.#page;
  }
}
