import { unknownPlaceholders } from './canned-response.js';

/**
 * The starting template of a new reply: a greeting and a signature with the canned responses' placeholders
 * ({{contact.firstName}}, {{agent.name}}, …), filled when the reply window opens. An administrator sets one per
 * department and each agent may set their own; the agent's own wins, because the signature is theirs.
 */
export const REPLY_TEMPLATE_MAX_LENGTH = 5_000;

/** Where the body goes inside a template; without it the body is written after the template's first paragraph. */
export const REPLY_TEMPLATE_CURSOR = '{{cursor}}';

export function chooseReplyTemplate(own: string | null | undefined, department: string | null | undefined): string | null {
  const mine = own?.trim() ? own : null;
  const theirs = department?.trim() ? department : null;
  return mine ?? theirs;
}

/** The placeholders a template may not contain: the canned responses' rule, with the cursor marker allowed. */
export function unknownTemplatePlaceholders(template: string): string[] {
  return unknownPlaceholders(template.split(REPLY_TEMPLATE_CURSOR).join(''));
}

/**
 * Where the agent starts writing in a filled template, with the marker taken out: at the cursor marker when
 * there is one, otherwise after the first paragraph (the greeting), before the rest (the signature).
 */
export function placeReplyCursor(filled: string): { text: string; cursor: number } {
  const marker = filled.indexOf(REPLY_TEMPLATE_CURSOR);
  if (marker >= 0) return { text: filled.split(REPLY_TEMPLATE_CURSOR).join(''), cursor: marker };
  const gap = /\n[ \t]*\n/.exec(filled);
  if (!gap) {
    const text = `${filled.trimEnd()}\n\n`;
    return { text, cursor: text.length };
  }
  const cursor = gap.index + gap[0].length;
  // The body gets a paragraph of its own between the greeting and the signature.
  return { text: `${filled.slice(0, cursor)}\n\n${filled.slice(cursor)}`, cursor };
}
