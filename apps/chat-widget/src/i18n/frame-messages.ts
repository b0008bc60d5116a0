import type { ChatMessages } from './chat-messages';
import type { FormMessages } from './form-messages';
import type { HelpMessages } from './help-messages';
import type { Locale } from './messages';
import type { RatingMessages } from './rating-messages';

export interface FrameMessages {
  readonly chat: ChatMessages;
  readonly forms: FormMessages;
  readonly rating: RatingMessages;
  readonly help: HelpMessages;
}

/**
 * Each language is its own chunk, fetched when the frame opens, alongside its settings: a visitor downloads
 * their own language's words, not all six (issue 10 keeps the chat UI within its size).
 */
const loaders: Readonly<Record<Locale, () => Promise<FrameMessages>>> = {
  en: () => import('./frame/en'),
  bg: () => import('./frame/bg'),
  el: () => import('./frame/el'),
  lv: () => import('./frame/lv'),
  ru: () => import('./frame/ru'),
  uk: () => import('./frame/uk'),
};

export function loadFrameMessages(locale: Locale): Promise<FrameMessages> {
  return loaders[locale]();
}
