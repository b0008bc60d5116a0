import { textLength, truncateText } from '../text/text-length.js';

/**
 * How much of one item's body a thread carries, in code points (256 Ki): a letter of tens of megabytes
 * would otherwise make every load of its ticket, and every live update, tens of megabytes of JSON.
 */
export const THREAD_BODY_PREVIEW_LENGTH = 256 * 1024;

export interface BodyPreview {
  readonly body: string;
  readonly truncated: boolean;
  /** The whole body's length in code points. */
  readonly fullLength: number;
}

/** The beginning of a body as a thread shows it, cut between characters, and whether there is more. */
export function bodyPreview(body: string, max = THREAD_BODY_PREVIEW_LENGTH): BodyPreview {
  const fullLength = textLength(body);
  if (fullLength <= max) return { body, truncated: false, fullLength };
  return { body: truncateText(body, max), truncated: true, fullLength };
}
