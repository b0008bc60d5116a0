import { escapeHtml, type PortalLocale, portalTicketLinkLines, portalWords } from '@parley/domain';
import MailComposer from 'nodemailer/lib/mail-composer';

/** Everything one reply letter is made of, decided before it is composed. */
export interface ReplyLetter {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly date: Date;
  readonly text: string;
  readonly attachments: readonly { readonly filename: string; readonly contentType: string; readonly content: Buffer }[];
  /** The ticket's signed portal link, shown under the reply so the customer can read and answer it online. */
  readonly portalLink?: { readonly url: string; readonly locale: PortalLocale };
}

/** The HTML alternative of a plain reply: the text escaped, its line breaks kept. Nothing of the agent's is read as markup. */
export function replyHtml(text: string, portalLink?: ReplyLetter['portalLink']): string {
  const escaped = escapeHtml(text);
  const link = portalLink
    ? `<p style="color:#555555;font-size:small">${escapeHtml(portalWords(portalLink.locale).ticketLinkLead)} <a href="${escapeHtml(portalLink.url)}">${escapeHtml(portalLink.url)}</a></p>`
    : '';
  return `<!doctype html><html><body><div style="white-space:pre-wrap">${escaped.replace(/\r?\n/g, '<br>\n')}</div>${link}</body></html>`;
}

/**
 * Composes the letter as MIME once (nodemailer's MailComposer), so every attempt and every retry sends the
 * same bytes: the same Message-ID, which the customer's answer will quote back to thread into the ticket.
 */
export async function composeReplyLetter(letter: ReplyLetter): Promise<string> {
  const composer = new MailComposer({
    from: { name: letter.from.name, address: letter.from.address },
    to: [...letter.to],
    ...(letter.cc.length > 0 ? { cc: [...letter.cc] } : {}),
    subject: letter.subject,
    messageId: letter.messageId,
    date: letter.date,
    ...(letter.inReplyTo ? { inReplyTo: letter.inReplyTo } : {}),
    ...(letter.references.length > 0 ? { references: [...letter.references] } : {}),
    text: letter.portalLink ? `${letter.text}\n${portalTicketLinkLines(letter.portalLink.locale, letter.portalLink.url)}` : letter.text,
    html: replyHtml(letter.text, letter.portalLink),
    attachments: letter.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    // An answer a person wrote: auto-responders may answer it (RFC 3834 says so for Auto-Submitted: no).
    headers: { 'Auto-Submitted': 'no' },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = await composer.compile().build();
  return message.toString('utf8');
}
