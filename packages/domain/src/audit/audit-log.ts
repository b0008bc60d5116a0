import { truncateText } from '../text/text-length.js';

/**
 * The audit log of administrative changes: which changes are recorded, under which codes, and how a change is
 * written down (a compact before → after of the fields that changed, secrets never in clear).
 */

export const AUDIT_TARGET_TYPES = ['agent', 'department', 'custom_status', 'canned_response', 'widget', 'mailbox', 'api_token', 'contact', 'business_calendar', 'sla_policy', 'trigger', 'time_rule', 'auto_assignment', 'webhook', 'kb_category', 'kb_article'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export const AUDIT_ACTIONS = [
  'agent.created',
  'agent.invited',
  'agent.invitation_reissued',
  'agent.updated',
  'agent.role_changed',
  'agent.deactivated',
  'agent.reactivated',
  'agent.recovery_codes_regenerated',
  'department.created',
  'department.updated',
  'department.reply_template_changed',
  'custom_status.created',
  'custom_status.updated',
  'custom_status.deleted',
  'canned_response.created',
  'canned_response.updated',
  'canned_response.deleted',
  'widget.created',
  'widget.updated',
  'widget.deleted',
  'mailbox.created',
  'mailbox.updated',
  'api_token.created',
  'api_token.revoked',
  'contact.merged',
  'contact.exported',
  'contact.erased',
  'business_calendar.created',
  'business_calendar.updated',
  'business_calendar.deleted',
  'sla_policy.created',
  'sla_policy.updated',
  'sla_policy.deleted',
  'sla_policy.reordered',
  'trigger.created',
  'trigger.updated',
  'trigger.deleted',
  'trigger.reordered',
  'time_rule.created',
  'time_rule.updated',
  'time_rule.deleted',
  'time_rule.reordered',
  'auto_assignment.changed',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'kb_category.created',
  'kb_category.updated',
  'kb_category.deleted',
  'kb_article.created',
  'kb_article.updated',
  'kb_article.restored',
  'kb_article.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who made a change: an agent in the console, an agent's API token, or Parley itself (first start). */
export const AUDIT_ACTOR_KINDS = ['agent', 'api_token', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const REDACTED = '[redacted]';
/** Long texts (a canned response's body) are cut: the log says that they changed, not what they say in full. */
export const AUDIT_VALUE_MAX_LENGTH = 200;

/** A value as the log keeps it: JSON-safe and short. */
export type AuditValue = string | number | boolean | null | (string | number)[];
export type AuditChanges = Record<string, { readonly from: AuditValue; readonly to: AuditValue }>;
export type AuditSnapshot = Readonly<Record<string, unknown>>;

/**
 * Fields whose value is a credential: passwords, token values and hashes, encryption output, signing
 * secrets. Matched by name, so a field added later under such a name is redacted without anyone remembering.
 */
export function isSecretField(field: string): boolean {
  return /password|secret|token|hash|encrypted|credential/i.test(field);
}

function compact(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return truncateText(value, AUDIT_VALUE_MAX_LENGTH, '…');
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? v : String(v)));
  return compact(JSON.stringify(value));
}

const same = (a: AuditValue, b: AuditValue): boolean => JSON.stringify(a) === JSON.stringify(b);
/** No value, an empty text and an empty list all say "nothing here": a change between them is none. */
const blank = (v: AuditValue): boolean => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The fields that differ between two snapshots of one thing, each as from → to. `before` is null for a
 * creation and `after` null for a deletion (then every field given is listed). A secret field is listed
 * when it was set, cleared or replaced, with both sides shown only as whether a value is there.
 */
export function auditDiff(before: AuditSnapshot | null, after: AuditSnapshot | null): AuditChanges {
  const changes: Record<string, { from: AuditValue; to: AuditValue }> = {};
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const field of [...fields].sort()) {
    const rawFrom = before?.[field];
    const rawTo = after?.[field];
    if (isSecretField(field)) {
      const had = rawFrom !== undefined && rawFrom !== null && rawFrom !== '';
      const has = rawTo !== undefined && rawTo !== null && rawTo !== '';
      // Secrets are compared whole (a rotated secret is a change), and never written down.
      if (rawFrom === rawTo || (!had && !has)) continue;
      changes[field] = { from: had ? REDACTED : null, to: has ? REDACTED : null };
      continue;
    }
    const from = compact(rawFrom);
    const to = compact(rawTo);
    if (same(from, to) || (blank(from) && blank(to))) continue;
    changes[field] = { from, to };
  }
  return changes;
}

/** Which of an agent's changes names the entry: leaving or coming back outweighs a role change, which outweighs the rest. */
export function agentUpdateAction(changes: AuditChanges): AuditAction {
  const active = changes.active;
  if (active?.to === false) return 'agent.deactivated';
  if (active?.to === true) return 'agent.reactivated';
  if (changes.role) return 'agent.role_changed';
  return 'agent.updated';
}

/** A text cell as spreadsheets read it, formula-safe: a leading = + - @ (or tab/CR) would run as a formula, so a quote goes first. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
