import addressparser from 'nodemailer/lib/addressparser';
import type { Em } from '../../db/orm.js';

/** The address our letters for a department go out from, and the name configured with it. */
export interface MailSender {
  readonly address: string;
  readonly name: string | null;
}

/**
 * The sender of a department's letters. Today every department sends from MAIL_FROM; once departments
 * have mailboxes, this is where a department's own mailbox address is looked up (hence the entity manager
 * and the department, unused for now).
 */
export async function senderFor(_em: Em, _departmentId: number | null, mailFrom: string): Promise<MailSender> {
  return parseSender(mailFrom);
}

/** `Parley <help@example.com>` or a bare address, as MAIL_FROM allows. */
export function parseSender(value: string): MailSender {
  const [first] = addressparser(value, { flatten: true });
  if (!first?.address) throw new Error(`MAIL_FROM has no address: ${value}`);
  return { address: first.address.toLowerCase(), name: first.name || null };
}
