import addressparser from 'nodemailer/lib/addressparser';
import type { Em } from '../../db/orm.js';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { Department } from '../organisation/department.entity.js';

/** The address our letters for a department go out from, and the name configured with it. */
export interface MailSender {
  readonly address: string;
  readonly name: string | null;
  /** The department's mailbox that sends it through its own SMTP server; null: SMTP_URL. */
  readonly mailboxId: number | null;
}

/**
 * The sender of a department's letters: its active mailbox that sends (the first one, when there are
 * several), else MAIL_FROM through SMTP_URL, else nobody (the help desk cannot send email).
 */
export async function senderFor(em: Em, departmentId: number | null, mailFrom: string | null): Promise<MailSender | null> {
  if (departmentId !== null) {
    const mailbox = await em.findOne(Mailbox, { department: departmentId, active: true, smtpEnabled: true }, { orderBy: { id: 'asc' }, fields: ['id', 'name', 'address'] });
    if (mailbox) return { address: mailbox.address, name: mailbox.name, mailboxId: mailbox.id };
  }
  return mailFrom ? parseSender(mailFrom) : null;
}

/**
 * The sender of Parley's own letters to agents and visitors (notifications, password reset links, chat
 * transcripts): the department's mailbox, else MAIL_FROM through SMTP_URL, else any active mailbox that
 * sends. Customers' replies never take the last step (senderFor): a customer hears from their department.
 */
export async function internalSenderFor(em: Em, departmentId: number | null, mailFrom: string | null): Promise<MailSender | null> {
  const sender = await senderFor(em, departmentId, mailFrom);
  if (sender) return sender;
  const mailbox = await em.findOne(Mailbox, { active: true, smtpEnabled: true }, { orderBy: { id: 'asc' }, fields: ['id', 'name', 'address'] });
  return mailbox ? { address: mailbox.address, name: mailbox.name, mailboxId: mailbox.id } : null;
}

/** Whether internalSenderFor finds a sender for any department (and so for every one). */
export async function someInternalSenderExists(em: Em, mailFrom: string | null): Promise<boolean> {
  if (mailFrom) return true;
  return (await em.count(Mailbox, { active: true, smtpEnabled: true })) > 0;
}

/** `Parley <help@example.com>` or a bare address, as MAIL_FROM allows. */
export function parseSender(value: string): MailSender {
  const [first] = addressparser(value, { flatten: true });
  if (!first?.address) throw new Error(`MAIL_FROM has no address: ${value}`);
  return { address: first.address.toLowerCase(), name: first.name || null, mailboxId: null };
}

/**
 * Whether our letters can go out: MAIL_FROM through SMTP_URL, else an active mailbox that sends (one of
 * `departmentIds`' when given; any when null). Without it replies are held (`awaiting_server`).
 */
export async function canSendMail(em: Em, mailFrom: string | null, departmentIds: readonly number[] | null = null): Promise<boolean> {
  if (mailFrom) return true;
  if (departmentIds !== null && departmentIds.length === 0) return false;
  return (await em.count(Mailbox, { active: true, smtpEnabled: true, ...(departmentIds ? { department: { $in: [...departmentIds] } } : {}) })) > 0;
}

/**
 * The departments whose replies cannot go out while others' can: no MAIL_FROM through SMTP_URL, and no
 * active mailbox of theirs that sends. Empty when every department can send (or none can: canSendMail).
 */
export async function departmentsWithoutSender(em: Em, mailFrom: string | null): Promise<number[]> {
  if (mailFrom) return [];
  const [departments, sending] = await Promise.all([
    em.find(Department, {}, { fields: ['id'], orderBy: { id: 'asc' } }),
    em.find(Mailbox, { active: true, smtpEnabled: true }, { fields: ['department'] }),
  ]);
  const covered = new Set(sending.map((m) => m.department));
  return departments.map((d) => d.id).filter((id) => !covered.has(id));
}
