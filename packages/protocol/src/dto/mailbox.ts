import { MAILBOX_AFTER_FILING, MAILBOX_FOLDER_MAX, MAILBOX_HOST_MAX, MAILBOX_NAME_MAX, MAILBOX_STATUSES } from '@parley/domain';
import { z } from 'zod';
import { Email, Id } from '../common.js';

/**
 * Mailboxes, as administrators manage them. Passwords are write-only: a request may set one (a string),
 * clear it (null) or leave it as it is (absent); a response only says whether one is set.
 */

export const MailboxStatus = z.enum(MAILBOX_STATUSES);
export const MailboxAfterFiling = z.enum(MAILBOX_AFTER_FILING);

const Host = z.string().trim().min(1).max(MAILBOX_HOST_MAX);
const Port = z.number().int().min(1).max(65_535);
const Folder = z.string().min(1).max(MAILBOX_FOLDER_MAX);
const Password = z.string().min(1).max(1_000).nullable();

export const MailboxImapDto = z.object({
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean().describe('Implicit TLS from the first byte (usually port 993).'),
  starttls: z.boolean().describe('Upgrade a plain connection with STARTTLS (usually port 143).'),
  user: z.string(),
  passwordSet: z.boolean().describe('Whether a password is stored; the password itself is never returned.'),
  folder: z.string(),
  afterFiling: MailboxAfterFiling.describe('What happens on the server to a letter once it is filed: flagged \\Seen, or moved to `moveToFolder`.'),
  moveToFolder: z.string().nullable(),
});
export type MailboxImapDto = z.infer<typeof MailboxImapDto>;

export const MailboxSmtpDto = z.object({
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
});
export type MailboxSmtpDto = z.infer<typeof MailboxSmtpDto>;

export const MailboxDto = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  departmentId: z.number().int().nullable().describe('Where new tickets from this mailbox go; null: the default department.'),
  active: z.boolean(),
  imap: MailboxImapDto.nullable().describe('Fetched over IMAP; null: not fetched.'),
  smtpReceiver: z.boolean().describe('Receives mail forwarded to Parley\'s SMTP receiver (SMTP_RECEIVER_PORT).'),
  smtp: MailboxSmtpDto.nullable().describe('The SMTP account replies from this address go out through; null: the installation\'s SMTP_URL.'),
  status: MailboxStatus.describe('connected: its IMAP connection is up; idle: not fetching; error: the last attempt failed (see lastError).'),
  lastError: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailboxDto = z.infer<typeof MailboxDto>;

export const MailboxImapInput = z.strictObject({
  host: Host,
  port: Port,
  tls: z.boolean(),
  starttls: z.boolean().default(false),
  user: z.string().trim().min(1).max(255),
  password: Password.optional(),
  folder: Folder.default('INBOX'),
  afterFiling: MailboxAfterFiling.default('seen'),
  moveToFolder: Folder.nullable().default(null),
});
export type MailboxImapInput = z.infer<typeof MailboxImapInput>;

export const MailboxSmtpInput = z.strictObject({
  host: Host,
  port: Port,
  secure: z.boolean(),
  user: z.string().trim().min(1).max(255).nullable().default(null),
  password: Password.optional(),
});
export type MailboxSmtpInput = z.infer<typeof MailboxSmtpInput>;

export const CreateMailboxRequest = z.strictObject({
  name: z.string().trim().min(1).max(MAILBOX_NAME_MAX),
  address: Email,
  departmentId: Id.nullable().optional(),
  active: z.boolean().optional(),
  imap: MailboxImapInput.nullable().optional(),
  smtpReceiver: z.boolean().optional(),
  smtp: MailboxSmtpInput.nullable().optional(),
});
export type CreateMailboxRequest = z.infer<typeof CreateMailboxRequest>;

export const UpdateMailboxRequest = z.strictObject({
  name: z.string().trim().min(1).max(MAILBOX_NAME_MAX).optional(),
  address: Email.optional(),
  departmentId: Id.nullable().optional(),
  active: z.boolean().optional(),
  imap: MailboxImapInput.nullable().optional(),
  smtpReceiver: z.boolean().optional(),
  smtp: MailboxSmtpInput.nullable().optional(),
});
export type UpdateMailboxRequest = z.infer<typeof UpdateMailboxRequest>;

const ConnectionCheck = z.object({ ok: z.boolean(), error: z.string().nullable() });
export const MailboxConnectionTest = z.object({
  imap: ConnectionCheck.nullable().describe('Signing in and opening the folder; null: the mailbox has no IMAP settings.'),
  smtp: ConnectionCheck.nullable().describe('Connecting and signing in to the SMTP server; null: no SMTP settings.'),
});
export type MailboxConnectionTest = z.infer<typeof MailboxConnectionTest>;
