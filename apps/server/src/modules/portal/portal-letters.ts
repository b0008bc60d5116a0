import { randomBytes } from 'node:crypto';
import { type PortalLocale, portalSignInLetter } from '@parley/domain';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { MailSender } from '../mail/sender.js';

/**
 * Queues a sign-in letter in the caller's transaction, as the survey letters are sent: composed as MIME
 * once, from the help desk's own address, marked as sent by a machine (RFC 3834 `Auto-Submitted:
 * auto-generated`, so no auto-responder answers it), with a text and an HTML part.
 */
export async function queueSignInLetter(app: AppContext, tx: Em, input: { sender: MailSender; recipient: string; url: string; locale: PortalLocale }): Promise<void> {
  const letter = portalSignInLetter(input.locale, { url: input.url });
  const domain = input.sender.address.split('@')[1] ?? 'parley.invalid';
  const composer = new MailComposer({
    from: input.sender.name ? { name: input.sender.name, address: input.sender.address } : input.sender.address,
    to: input.recipient,
    subject: letter.subject,
    messageId: `<portal-sign-in.${randomBytes(9).toString('hex')}@${domain}>`,
    date: app.clock.now(),
    text: letter.text,
    html: letter.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = (await composer.compile().build()).toString('utf8');
  app.outbox.queue(tx, {
    recipient: input.recipient,
    subject: letter.subject,
    text: letter.text,
    purpose: 'portal_sign_in',
    ticketId: null,
    raw: { message, envelopeFrom: input.sender.address, envelopeTo: [input.recipient] },
    mailboxId: input.sender.mailboxId,
  });
}
