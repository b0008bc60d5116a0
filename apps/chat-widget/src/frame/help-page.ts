/**
 * The Help tab's page with its state, loaded the first time the visitor opens the tab or a suggestion (a chunk
 * of its own: a visitor who only chats does not download it).
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { HelpMessages } from '../i18n/help-messages';
import { HelpState } from './help-state';
import { addHelpStyles } from './help-style';
import { HelpView, type HelpViewHooks } from './help-view';
import type { KbClient } from './kb-client';
import { openPortal } from './portal-link';

export interface HelpPage {
  focus(): void;
  open(hit: Pick<KbSearchHitDto, 'language' | 'slug'>): void;
}

export interface HelpPageOptions {
  readonly text: HelpMessages;
  readonly locale: string;
  readonly client: KbClient;
  readonly startChat: HelpViewHooks['startChat'];
  /** The visitor's token when the site verified who they are, else null (the portal then asks for their email). */
  readonly verifiedToken: () => string | null;
}

export function mountHelpPage(doc: Document, panel: HTMLElement, options: HelpPageOptions): HelpPage {
  addHelpStyles(doc);
  const state: HelpState = new HelpState(options.client, () => view.render());
  const view = new HelpView(doc, options.text, state, options.locale, {
    startChat: options.startChat,
    myRequests: () => openPortal(doc, options.locale, options.verifiedToken()),
  });
  panel.append(view.element);
  return {
    focus: () => view.input.focus(),
    open: (hit) => void state.open(hit),
  };
}
