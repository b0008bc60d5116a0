/**
 * The frame's texts for the Help tab (searching and reading the help desk's articles), the article suggestions
 * under a first message, and the way to the customer portal. Apart from chat-messages.ts so this feature's
 * words stay together; they load with the chat UI.
 */
export interface HelpMessages {
  /** The two tabs and the accessible name of their list. */
  readonly tabChat: string;
  readonly tabHelp: string;
  readonly tabs: string;
  /** Above the search box before anything was searched. */
  readonly intro: string;
  /** The search box's label and its button. */
  readonly searchLabel: string;
  readonly search: string;
  readonly searching: string;
  /** "{count}" is the number of articles found, already formatted. */
  readonly found: string;
  readonly noResults: string;
  readonly failed: string;
  /** The accessible name of the list of articles found. */
  readonly results: string;
  readonly back: string;
  /** The link to the article's own page on the help site. */
  readonly openPage: string;
  /** Added to the accessible name of links that open a new tab. */
  readonly newTab: string;
  /** "Was this helpful?" with its two answers, and the thanks once answered. */
  readonly helpful: string;
  readonly yes: string;
  readonly no: string;
  readonly thanks: string;
  readonly voteFailed: string;
  /** Under an article: the way back to a chat. */
  readonly stillNeedHelp: string;
  readonly startChat: string;
  /** The heading of up to three articles suggested while the visitor writes their first message. */
  readonly suggestions: string;
  /** Opens the customer portal (the visitor's tickets) in a new tab. */
  readonly myRequests: string;
}
