import { DomainError, ErrorCodes } from '../errors.js';

/**
 * Trash and spam (LiveAgent's Deleted and Spam folders). Neither edits the thread: a ticket is only moved out
 * of the normal lists. Marking as spam also blocks its sender, so later mail and web-form messages from the
 * address (or, when chosen, the whole domain) land in Spam instead of the queue.
 */

export type SenderBlock = { readonly kind: 'address'; readonly value: string } | { readonly kind: 'domain'; readonly value: string };

/**
 * Mail services shared by millions of unrelated people: blocking one of them as a domain would block every
 * customer who uses it, so only single addresses there can be blocked.
 */
export const SHARED_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'yandex.ru',
  'ya.ru',
  'mail.ru',
  'bk.ru',
  'list.ru',
  'inbox.ru',
  'rambler.ru',
  'ukr.net',
  'i.ua',
  'meta.ua',
  'abv.bg',
  'mail.bg',
  'dir.bg',
  'inbox.lv',
  'one.lv',
  'otenet.gr',
  'yahoo.gr',
  'windowslive.com',
]);

/** The block an agent's "mark as spam" makes for a sender; a domain only when asked and not a shared service. */
export function senderBlockFor(address: string, scope: 'address' | 'domain'): SenderBlock {
  const normalized = address.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  if (at <= 0 || at === normalized.length - 1) throw new DomainError(ErrorCodes.requestInvalid, 'That is not an email address.');
  if (scope === 'address') return { kind: 'address', value: normalized };
  const domain = normalized.slice(at + 1);
  if (SHARED_MAIL_DOMAINS.has(domain)) {
    throw new DomainError(ErrorCodes.ticketSpamSharedDomain, `${domain} is a shared mail service; block the address instead.`);
  }
  return { kind: 'domain', value: domain };
}

/** Whether mail or a form message from `address` is blocked: by the address itself, its domain or a parent domain. */
export function isSenderBlocked(blocks: readonly SenderBlock[], address: string): boolean {
  const normalized = address.trim().toLowerCase();
  const domain = normalized.slice(normalized.lastIndexOf('@') + 1);
  return blocks.some((block) => (block.kind === 'address' ? block.value === normalized : domain === block.value || domain.endsWith(`.${block.value}`)));
}

/** The default number of days a ticket stays in the trash before it is purged. */
export const TRASH_RETENTION_DAYS_DEFAULT = 30;
export const TRASH_RETENTION_DAYS_MAX = 3650;

/** When a ticket moved to the trash at `trashedAt` is purged, with the administrators' retention setting. */
export function trashPurgeAt(trashedAt: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > TRASH_RETENTION_DAYS_MAX) {
    throw new DomainError(ErrorCodes.requestInvalid, `Keep tickets in the trash between 1 and ${TRASH_RETENTION_DAYS_MAX} days.`);
  }
  return new Date(trashedAt.getTime() + retentionDays * 24 * 60 * 60_000);
}
