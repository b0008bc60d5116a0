import { BlockList, isIPv4 } from 'node:net';
import { normaliseMailboxAddress } from '@parley/domain';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ingestRawMail } from '../email/ingest-mail.js';
import { Mailbox } from './mailbox.entity.js';

/**
 * Parley's SMTP receiver, for mail forwarded to it (a mail server's alias, a relay, an MTA's transport).
 * It accepts recipients that are active mailboxes receiving this way and nothing else (550), refuses letters
 * over MAX_MAIL_BYTES, optionally only talks to clients in SMTP_RECEIVER_ALLOW, and answers 250 only once
 * the letter is stored and filed — a failure before that is a 451, so the sending server tries again.
 */
export class SmtpReceiver {
  private readonly server: SMTPServer;
  private readonly allowed: BlockList | null;

  constructor(private readonly app: AppContext) {
    const allow = app.config.mailboxes.smtpReceiver?.allow ?? null;
    this.allowed = allow ? blockListOf(allow) : null;
    const maxBytes = app.config.limits.mailBytes;
    this.server = new SMTPServer({
      name: new URL(app.config.publicUrl).hostname,
      banner: 'Parley',
      // A local relay hands mail over without signing in; who may connect is SMTP_RECEIVER_ALLOW's business.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      size: maxBytes,
      // A relay keeps a few connections open; far more than that is someone else's flood.
      maxClients: 100,
      logger: false,
      // Shutting down does not wait long for a client that keeps its connection open.
      closeTimeout: 2_000,
      onConnect: (session, callback) => {
        if (this.allowed && !this.isAllowed(session.remoteAddress)) {
          callback(smtpError(554, `Client ${session.remoteAddress} may not deliver mail here.`));
          return;
        }
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        this.mailboxFor(address.address)
          .then((mailbox) => callback(mailbox ? null : smtpError(550, `No mailbox here for <${address.address}>.`)))
          .catch((error) => {
            this.app.logger.error({ err: error }, 'smtp receiver: recipient lookup failed');
            callback(smtpError(451, 'Temporary failure, try again later.'));
          });
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => {
          // Past the limit nothing more is kept; smtp-server still reads to the end of DATA.
          if (!stream.sizeExceeded) chunks.push(chunk);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            callback(smtpError(552, `Letters may be at most ${maxBytes} bytes.`));
            return;
          }
          this.deliver(Buffer.concat(chunks), session.envelope.rcptTo.map((r) => r.address))
            .then(() => callback())
            .catch((error) => {
              this.app.logger.error({ err: error }, 'smtp receiver: filing a letter failed');
              callback(smtpError(451, 'The letter could not be stored, try again later.'));
            });
        });
      },
    });
    this.server.on('error', (error) => this.app.logger.warn({ err: error }, 'smtp receiver: connection error'));
  }

  private isAllowed(remoteAddress: string): boolean {
    const address = remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    return this.allowed?.check(address, isIPv4(address) ? 'ipv4' : 'ipv6') ?? true;
  }

  private mailboxFor(address: string): Promise<Mailbox | null> {
    const em = this.app.orm.em.fork() as Em;
    return em.findOne(Mailbox, { address: normaliseMailboxAddress(address), active: true, smtpReceiver: true });
  }

  /**
   * Files the letter once, through the first recipient's mailbox (its department). The letter's Message-ID
   * keeps a second copy for another of Parley's own addresses from filing it twice.
   */
  private async deliver(raw: Buffer, recipients: readonly string[]): Promise<void> {
    for (const recipient of recipients) {
      const mailbox = await this.mailboxFor(recipient);
      if (!mailbox) continue;
      await ingestRawMail(this.app, raw, { source: mailbox.name, departmentId: mailbox.department ?? null, ownAddresses: [mailbox.address] });
      return;
    }
    throw new Error('No recipient is an active mailbox any more.');
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.server.off('error', reject);
        resolve((this.server.server.address() as { port: number }).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function smtpError(code: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = code;
  return error;
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}
