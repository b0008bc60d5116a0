/**
 * The frame's texts for rating a chat the visitor just ended: the question, the two answers, the optional
 * comment and what the visitor is told after sending. Apart from chat-messages.ts so this feature's words stay
 * together; they load with the chat UI.
 */
export interface RatingMessages {
  /** The prompt's question, also the accessible name of the two answers' group. */
  readonly question: string;
  /** The two answers' accessible names (shown next to a thumb up and a thumb down). */
  readonly good: string;
  readonly bad: string;
  /** The comment box's label: it says the comment is optional. */
  readonly comment: string;
  readonly send: string;
  /** Closes the prompt without rating. */
  readonly skip: string;
  readonly thanks: string;
  /** The thank-you after a bad rating. */
  readonly thanksBad: string;
  readonly alreadyRated: string;
  /** The survey expired or its token is not (or no longer) valid: nothing to retry. */
  readonly expired: string;
  readonly rateLimited: string;
  /** Any other failure: the visitor may send again. */
  readonly failed: string;
}
