import { randomBytes } from 'node:crypto';
import { escapeHtml, formatMessageId, portalWords, surveyLetter } from '@parley/domain';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { rowsInPages } from '../../db/rows-in-pages.js';
import { internalSenderFor, type MailSender, someInternalSenderExists } from '../mail/sender.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';

/**
 * Puts the letters of surveys made by resolutions into the mail outbox: each survey is claimed by a
 * conditional update of `sentAt` in the same transaction that queues its letter, so two instances sweeping
 * at once send it once, and a crash in between leaves it to the next sweep. While no mail server can send
 * for the ticket's department, a survey waits (the ticket shows it as not sent yet) until one can, or until
 * it expires. Answers how many letters were queued.
 */
export async function queueSurveyLetters(app: AppContext, batchSize = 50): Promise<number> {
  const em = app.orm.em.fork() as Em;
  const now = app.clock.now();
  const mailFrom = app.config.mail?.from ?? null;
  // Every survey has a sender or none has (internalSenderFor ends with any mailbox that sends): while none
  // has, the sweep on every scheduler tick costs one query, not a transaction per waiting survey.
  if (!(await someInternalSenderExists(em, mailFrom))) return 0;
  let queued = 0;
  const due = rowsInPages(
    batchSize,
    (after: number | null, limit) =>
      em.find(SatisfactionSurvey, { way: 'email', sentAt: null, ratedAt: null, expiresAt: { $gt: now }, recipient: { $ne: null }, id: { $gt: after ?? 0 } }, { orderBy: { id: 'asc' }, limit }),
    (survey) => survey.id,
  );
  for await (const survey of due) if (await queueOne(app, em, survey, mailFrom)) queued++;
  if (queued > 0) app.outbox.kick();
  return queued;
}

/** Claims one survey and queues its letter, in one transaction; answers whether it went. */
async function queueOne(app: AppContext, em: Em, survey: SatisfactionSurvey, mailFrom: string | null): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const ticket = await tx.findOne(Ticket, { id: survey.ticket }, { fields: ['id', 'subject', 'departmentId'] });
    const sender = ticket ? await internalSenderFor(tx as Em, ticket.departmentId ?? null, mailFrom) : null;
    if (!ticket || !sender || !survey.recipient) return false;
    const claimed = await tx.nativeUpdate(SatisfactionSurvey, { id: survey.id, sentAt: null }, { sentAt: app.clock.now() });
    if (claimed !== 1) return false;
    const number = ticketNumber(ticket.id);
    const letter = withPortalLink(
      surveyLetter(survey.locale, {
        number,
        subject: ticket.subject,
        goodUrl: app.ratingLinks.pageUrl(survey.id, 'good', survey.locale),
        badUrl: app.ratingLinks.pageUrl(survey.id, 'bad', survey.locale),
      }),
      survey.locale,
      app.portalKeys.ticketUrl(ticket.id),
    );
    const message = await composeSurveyLetter(sender, survey.recipient, ticket.id, letter, app.clock.now());
    app.outbox.queue(tx as Em, {
      recipient: survey.recipient,
      subject: letter.subject,
      text: letter.text,
      purpose: 'satisfaction_survey',
      ticketId: ticket.id,
      raw: { message, envelopeFrom: sender.address, envelopeTo: [survey.recipient] },
      mailboxId: sender.mailboxId,
    });
    return true;
  });
}

/** The survey letter with the ticket's portal link at its foot, where the customer can read the request again. */
function withPortalLink(letter: { subject: string; text: string; html: string }, locale: Parameters<typeof portalWords>[0], url: string): { subject: string; text: string; html: string } {
  const link = `<p style="color:#555555;font-size:small">${escapeHtml(portalWords(locale).ticketLinkLead)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
  return { subject: letter.subject, text: `${letter.text}\n${portalWords(locale).ticketLinkLead}\n${url}\n`, html: letter.html.replace('</body>', `${link}\n</body>`) };
}

/**
 * The survey letter as MIME: from the department's address, marked as sent by a machine (RFC 3834
 * `Auto-Submitted: auto-generated`, so no auto-responder answers it), with a text and an HTML part.
 */
async function composeSurveyLetter(sender: MailSender, recipient: string, ticketId: number, letter: { subject: string; text: string; html: string }, date: Date): Promise<string> {
  const domain = sender.address.split('@')[1] ?? 'parley.invalid';
  const composer = new MailComposer({
    from: sender.name ? { name: sender.name, address: sender.address } : sender.address,
    to: recipient,
    subject: letter.subject,
    messageId: formatMessageId(ticketId, 0, randomBytes(6).toString('hex'), domain),
    date,
    text: letter.text,
    html: letter.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return (await composer.compile().build()).toString('utf8');
}
