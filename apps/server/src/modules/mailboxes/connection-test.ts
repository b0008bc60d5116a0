import type { MailboxConnectionTest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { notFound } from '../../http/http-error.js';
import { checkImap } from './imap-connection.js';
import { Mailbox } from './mailbox.entity.js';
import { mailboxSmtpTransport } from './mailbox-transports.js';

/** "Test connection": tries the stored settings now and reports what the servers answered; nothing is fetched or sent. */
export async function testMailboxConnection(scope: AgentScope, id: number): Promise<MailboxConnectionTest> {
  const mailbox = await scope.em.findOne(Mailbox, { id });
  if (!mailbox) throw notFound('Mailbox');
  const key = scope.app.config.mailboxes.credentialsKey;
  const [imap, smtp] = await Promise.all([mailbox.imapEnabled ? checkImap(mailbox, key) : null, mailbox.smtpEnabled ? checkSmtp(mailbox, key) : null]);
  return { imap, smtp };
}

async function checkSmtp(mailbox: Mailbox, key: Buffer | null): Promise<{ ok: boolean; error: string | null }> {
  try {
    const transport = mailboxSmtpTransport(mailbox, key, { connectionTimeout: 15_000, greetingTimeout: 15_000 });
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
    return { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: (error as Error).message.slice(0, 1_000) };
  }
}
