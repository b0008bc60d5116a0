import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { MAILBOX_AFTER_FILING, MAILBOX_STATUSES } from '@parley/domain';
import { Department } from '../organisation/department.entity.js';

/**
 * One address Parley receives mail at: how it is fetched (IMAP) or delivered (the SMTP receiver), the SMTP
 * account replies go out through, where its tickets go, and the state of fetching it. Passwords are kept
 * encrypted (credentials.ts); the lease says which instance fetches it now.
 */
export const Mailbox = defineEntity({
  name: 'Mailbox',
  tableName: 'mailbox',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    /** Lower-cased: compared without case. */
    address: p.string().length(254).unique(),
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_id').nullable().deleteRule('set null'),
    active: p.boolean().default(true),

    imapEnabled: p.boolean().default(false),
    imapHost: p.string().length(255).nullable(),
    imapPort: p.integer().nullable(),
    imapTls: p.boolean().default(true),
    imapStarttls: p.boolean().default(false),
    imapUser: p.string().length(255).nullable(),
    imapPasswordEncrypted: p.text().nullable(),
    imapFolder: p.string().length(200).default('INBOX'),
    imapAfterFiling: p.enum([...MAILBOX_AFTER_FILING]).default('seen'),
    imapMoveToFolder: p.string().length(200).nullable(),

    smtpReceiver: p.boolean().default(false),

    smtpEnabled: p.boolean().default(false),
    smtpHost: p.string().length(255).nullable(),
    smtpPort: p.integer().nullable(),
    smtpSecure: p.boolean().default(true),
    smtpUser: p.string().length(255).nullable(),
    smtpPasswordEncrypted: p.text().nullable(),

    status: p.enum([...MAILBOX_STATUSES]).default('idle'),
    lastError: p.text().nullable(),
    lastCheckAt: p.datetime().nullable(),
    /** The folder's UIDVALIDITY when lastUid was read (a bigint, kept as text). */
    imapUidValidity: p.string().length(30).nullable(),
    /** The highest UID filed (or deliberately skipped) in the folder. */
    imapLastUid: p.bigint('number').default(0),
    /** The instance fetching this mailbox, until leaseUntil (renewed while it runs). */
    leaseOwner: p.string().length(100).nullable(),
    leaseUntil: p.datetime().nullable(),

    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Mailbox = InferEntity<typeof Mailbox>;
