import type { AuditSnapshot } from '@parley/domain';
import type { Agent, ApiToken } from '../agents/agent.entity.js';
import type { Mailbox } from '../mailboxes/mailbox.entity.js';
import type { CannedResponse } from '../organisation/canned-response.entity.js';
import type { CustomStatus } from '../organisation/custom-status.entity.js';
import type { Department } from '../organisation/department.entity.js';
import type { Widget } from '../widgets/widget.entity.js';

/**
 * What the audit log compares of each kind of thing. Secret fields are named so that the domain's rule
 * recognises them (…Password, …Secret) and writes down only that they changed.
 */

export const agentSnapshot = (a: Agent, departmentIds: readonly number[]): AuditSnapshot => ({
  name: a.name,
  email: a.email,
  role: a.role,
  active: a.active,
  locale: a.locale,
  maxConcurrentChats: a.maxConcurrentChats,
  departmentIds: [...departmentIds].sort((x, y) => x - y),
});

export const departmentSnapshot = (d: Department): AuditSnapshot => ({ name: d.name });

export const customStatusSnapshot = (s: CustomStatus): AuditSnapshot => ({ name: s.name, baseStatus: s.baseStatus });

export const cannedResponseSnapshot = (c: CannedResponse): AuditSnapshot => ({ title: c.title, body: c.body, departmentId: c.department ?? null });

export const widgetSnapshot = (w: Widget): AuditSnapshot => ({
  name: w.name,
  departmentId: w.department ?? null,
  departmentIds: [...w.departmentIds],
  colour: w.colour,
  position: w.position,
  greeting: w.greeting ?? null,
  prechatName: w.prechatName,
  prechatEmail: w.prechatEmail,
  prechatQuestion: w.prechatQuestion,
  active: w.active,
  identitySecret: w.identitySecret,
  logoAttachmentId: w.logoAttachment ?? null,
});

export const mailboxSnapshot = (m: Mailbox): AuditSnapshot => ({
  name: m.name,
  address: m.address,
  departmentId: m.department ?? null,
  active: m.active,
  smtpReceiver: m.smtpReceiver,
  imapEnabled: m.imapEnabled,
  imapHost: m.imapEnabled ? (m.imapHost ?? null) : null,
  imapPort: m.imapEnabled ? (m.imapPort ?? null) : null,
  imapTls: m.imapEnabled ? m.imapTls : null,
  imapStarttls: m.imapEnabled ? m.imapStarttls : null,
  imapUser: m.imapEnabled ? (m.imapUser ?? null) : null,
  imapFolder: m.imapEnabled ? m.imapFolder : null,
  imapAfterFiling: m.imapEnabled ? m.imapAfterFiling : null,
  imapMoveToFolder: m.imapMoveToFolder ?? null,
  // The ciphertext differs on every save, so a password typed again counts as changed (it was set again).
  imapPassword: m.imapPasswordEncrypted ?? null,
  smtpEnabled: m.smtpEnabled,
  smtpHost: m.smtpEnabled ? (m.smtpHost ?? null) : null,
  smtpPort: m.smtpEnabled ? (m.smtpPort ?? null) : null,
  smtpSecure: m.smtpEnabled ? m.smtpSecure : null,
  smtpUser: m.smtpEnabled ? (m.smtpUser ?? null) : null,
  smtpPassword: m.smtpPasswordEncrypted ?? null,
});

export const apiTokenSnapshot = (t: ApiToken): AuditSnapshot => ({ name: t.name, agentId: t.agent });
