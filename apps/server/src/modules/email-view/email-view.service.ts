import { createHash } from 'node:crypto';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { AgentScope } from '../../app-context.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { EmailMessage, InboundMail } from '../email/email.entity.js';
import { parseEmail } from '../email/parse-email.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { markQuotedHtml } from './quoted-html.js';
import { type RemoteImages, sanitizeEmailHtml } from './sanitize-email-html.js';

const noEmail = () => new DomainError(ErrorCodes.notFound, 'This thread item has no such email content.');

/** The email row of a thread item on a ticket the agent may see (the same refusal either way: no probing). */
async function emailForAgent(scope: AgentScope, ticketId: number, itemId: number): Promise<EmailMessage> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  const email = await scope.em.findOne(EmailMessage, { threadItem: itemId, ticketId });
  if (!email) throw noEmail();
  return email;
}

/**
 * Content-ID → download URL for the letter's inline parts. The attachment rows do not keep the Content-ID,
 * so the kept original is parsed again and its parts matched to the rows by content hash; only letters
 * whose HTML actually references a `cid:` pay for that.
 */
async function cidUrls(scope: AgentScope, email: EmailMessage, html: string): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  if (!/cid:/i.test(html) || email.inboundMailId === null || email.inboundMailId === undefined) return urls;
  const inbound = await scope.em.findOne(InboundMail, { id: email.inboundMailId });
  if (!inbound) return urls;
  const parsed = await parseEmail(await scope.app.storage.read(inbound.storageKey));
  const rows = await scope.em.find(Attachment, { threadItem: email.threadItem });
  for (const part of parsed.attachments) {
    if (!part.contentId) continue;
    const sha256 = createHash('sha256').update(part.content).digest('hex');
    const row = rows.find((r) => r.sha256 === sha256);
    if (row) urls.set(part.contentId.toLowerCase(), `/api/v1/attachments/${row.id}`);
  }
  return urls;
}

export interface EmailHtmlView {
  readonly html: string;
  readonly blockedImages: number;
  readonly quoted: boolean;
}

/** A letter's HTML as the console shows it: sanitized, inline images linked, the quoted history marked. */
export async function emailHtmlForAgent(scope: AgentScope, ticketId: number, itemId: number, images: RemoteImages): Promise<EmailHtmlView> {
  const email = await emailForAgent(scope, ticketId, itemId);
  if (email.html === null || email.html === undefined) throw noEmail();
  const cids = await cidUrls(scope, email, email.html);
  const sanitized = sanitizeEmailHtml(email.html, { images, cidUrl: (cid) => cids.get(cid.toLowerCase()) ?? null });
  const marked = markQuotedHtml(sanitized.html);
  return { html: marked.html, blockedImages: sanitized.blockedImages, quoted: marked.quoted };
}

/** The storage key of the raw letter behind an incoming email item ("show original"). */
export async function originalForAgent(scope: AgentScope, ticketId: number, itemId: number): Promise<{ storageKey: string; size: number }> {
  const email = await emailForAgent(scope, ticketId, itemId);
  if (email.inboundMailId === null || email.inboundMailId === undefined) throw noEmail();
  const inbound = await scope.em.findOne(InboundMail, { id: email.inboundMailId });
  if (!inbound) throw noEmail();
  return { storageKey: inbound.storageKey, size: inbound.size };
}
