import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { assertCanStoreSecret, assertMailboxSettings, auditDiff, DomainError, ErrorCodes, normaliseMailboxAddress } from '@parley/domain';
import type { CreateMailboxRequest, MailboxDto, MailboxImapInput, MailboxSmtpInput, UpdateMailboxRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { mailboxSnapshot } from '../audit-log/audit-snapshots.js';
import { Department } from '../organisation/department.entity.js';
import { credentialBinding, encryptCredential } from './credentials.js';
import { Mailbox } from './mailbox.entity.js';

// Administrators manage mailboxes here; fetching them is imap-fetcher.ts, the SMTP receiver smtp-receiver.ts.

export function presentMailbox(m: Mailbox): MailboxDto {
  return {
    id: m.id,
    name: m.name,
    address: m.address,
    departmentId: m.department ?? null,
    active: m.active,
    imap: m.imapEnabled
      ? {
          host: m.imapHost ?? '',
          port: m.imapPort ?? 0,
          tls: m.imapTls,
          starttls: m.imapStarttls,
          user: m.imapUser ?? '',
          passwordSet: m.imapPasswordEncrypted != null,
          folder: m.imapFolder,
          afterFiling: m.imapAfterFiling,
          moveToFolder: m.imapMoveToFolder ?? null,
        }
      : null,
    smtpReceiver: m.smtpReceiver,
    smtp: m.smtpEnabled
      ? { host: m.smtpHost ?? '', port: m.smtpPort ?? 0, secure: m.smtpSecure, user: m.smtpUser ?? null, passwordSet: m.smtpPasswordEncrypted != null }
      : null,
    status: m.status,
    lastError: m.lastError ?? null,
    lastCheckAt: m.lastCheckAt ? m.lastCheckAt.toISOString() : null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export async function listMailboxes(scope: AgentScope): Promise<MailboxDto[]> {
  return (await scope.em.find(Mailbox, {}, { orderBy: { name: 'asc', id: 'asc' } })).map(presentMailbox);
}

async function assertDepartmentExists(em: Em, id: number | null | undefined): Promise<void> {
  if (id != null && (await em.count(Department, { id })) === 0) throw notFound('Department');
}

/** A password in a request: a string sets it, null clears it, absent keeps what is stored. */
type PasswordChange = { readonly kind: 'keep' } | { readonly kind: 'clear' } | { readonly kind: 'set'; readonly value: string };
const passwordChange = (password: string | null | undefined): PasswordChange =>
  password === undefined ? { kind: 'keep' } : password === null ? { kind: 'clear' } : { kind: 'set', value: password };

function applyImap(m: Mailbox, imap: MailboxImapInput | null): PasswordChange {
  if (imap === null) {
    m.imapEnabled = false;
    m.imapPasswordEncrypted = null;
    m.status = 'idle';
    return { kind: 'keep' };
  }
  const changedServer = m.imapHost !== imap.host || m.imapUser !== imap.user || m.imapFolder !== imap.folder;
  if (changedServer) {
    // Another account or folder: its UIDs mean nothing here, so read it from the start (filing is idempotent).
    m.imapUidValidity = null;
    m.imapLastUid = 0;
  }
  m.imapEnabled = true;
  m.imapHost = imap.host;
  m.imapPort = imap.port;
  m.imapTls = imap.tls;
  m.imapStarttls = imap.starttls;
  m.imapUser = imap.user;
  m.imapFolder = imap.folder;
  m.imapAfterFiling = imap.afterFiling;
  m.imapMoveToFolder = imap.afterFiling === 'move' ? imap.moveToFolder : null;
  return passwordChange(imap.password);
}

function applySmtp(m: Mailbox, smtp: MailboxSmtpInput | null): PasswordChange {
  if (smtp === null) {
    m.smtpEnabled = false;
    m.smtpPasswordEncrypted = null;
    return { kind: 'keep' };
  }
  m.smtpEnabled = true;
  m.smtpHost = smtp.host;
  m.smtpPort = smtp.port;
  m.smtpSecure = smtp.secure;
  m.smtpUser = smtp.user;
  return passwordChange(smtp.password);
}

function validate(m: Mailbox): void {
  assertMailboxSettings({
    name: m.name,
    address: m.address,
    imap: m.imapEnabled
      ? {
          host: m.imapHost ?? '',
          port: m.imapPort ?? 0,
          tls: m.imapTls,
          starttls: m.imapStarttls,
          user: m.imapUser ?? '',
          folder: m.imapFolder,
          afterFiling: m.imapAfterFiling,
          moveToFolder: m.imapMoveToFolder ?? null,
        }
      : null,
    smtp: m.smtpEnabled ? { host: m.smtpHost ?? '', port: m.smtpPort ?? 0, secure: m.smtpSecure, user: m.smtpUser ?? null } : null,
  });
}

/** Encrypts the passwords being set, bound to the mailbox's id (so the row must have one). */
function applyPasswords(scope: AgentScope, m: Mailbox, imap: PasswordChange, smtp: PasswordChange): void {
  const key = scope.app.config.mailboxes.credentialsKey;
  if (imap.kind === 'set') m.imapPasswordEncrypted = encryptCredential(key as Buffer, imap.value, credentialBinding(m.id, 'imap'));
  if (imap.kind === 'clear') m.imapPasswordEncrypted = null;
  if (smtp.kind === 'set') m.smtpPasswordEncrypted = encryptCredential(key as Buffer, smtp.value, credentialBinding(m.id, 'smtp'));
  if (smtp.kind === 'clear') m.smtpPasswordEncrypted = null;
}

async function flushUnique(em: Em): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCodes.mailboxAddressTaken, 'Another mailbox has this address.');
    throw error;
  }
}

export async function createMailbox(scope: AgentScope, input: CreateMailboxRequest): Promise<MailboxDto> {
  await assertDepartmentExists(scope.em, input.departmentId);
  const mailbox = await scope.em.transactional(async (em) => {
    const m = em.create(Mailbox, { name: input.name, address: normaliseMailboxAddress(input.address), department: input.departmentId ?? null, active: input.active ?? true } as never);
    const imap = applyImap(m, input.imap ?? null);
    const smtp = applySmtp(m, input.smtp ?? null);
    m.smtpReceiver = input.smtpReceiver ?? false;
    validate(m);
    assertCanStoreSecret(imap.kind === 'set' || smtp.kind === 'set', scope.app.config.mailboxes.credentialsKey !== null);
    await flushUnique(em);
    applyPasswords(scope, m, imap, smtp);
    await recordAudit(scope, em as Em, 'mailbox.created', { type: 'mailbox', id: m.id, label: m.address }, auditDiff(null, mailboxSnapshot(m)));
    await em.flush();
    return m;
  });
  scope.app.mailboxes.changed();
  // A mailbox that sends may be what held replies were waiting for.
  scope.app.outbox.wakeHeld();
  return presentMailbox(mailbox);
}

export async function updateMailbox(scope: AgentScope, id: number, input: UpdateMailboxRequest): Promise<MailboxDto> {
  const m = await scope.em.findOne(Mailbox, { id });
  if (!m) throw notFound('Mailbox');
  await assertDepartmentExists(scope.em, input.departmentId);
  const before = mailboxSnapshot(m);
  if (input.name !== undefined) m.name = input.name;
  if (input.address !== undefined) m.address = normaliseMailboxAddress(input.address);
  if (input.departmentId !== undefined) m.department = input.departmentId;
  if (input.active !== undefined) m.active = input.active;
  if (input.smtpReceiver !== undefined) m.smtpReceiver = input.smtpReceiver;
  const imap = input.imap === undefined ? ({ kind: 'keep' } as const) : applyImap(m, input.imap);
  const smtp = input.smtp === undefined ? ({ kind: 'keep' } as const) : applySmtp(m, input.smtp);
  validate(m);
  assertCanStoreSecret(imap.kind === 'set' || smtp.kind === 'set', scope.app.config.mailboxes.credentialsKey !== null);
  applyPasswords(scope, m, imap, smtp);
  if (!m.active || !m.imapEnabled) {
    m.status = 'idle';
    m.lastError = null;
  } else if (input.imap !== undefined) {
    // New settings deserve a fresh try now, not after the backoff of the old ones.
    m.lastError = null;
  }
  // One flush: the change and its entry are written in the same transaction (a taken address writes neither).
  await recordAudit(scope, scope.em, 'mailbox.updated', { type: 'mailbox', id, label: m.address }, auditDiff(before, mailboxSnapshot(m)));
  await flushUnique(scope.em);
  scope.app.mailboxes.changed();
  // A mailbox that sends may be what held replies were waiting for.
  scope.app.outbox.wakeHeld();
  return presentMailbox(m);
}
