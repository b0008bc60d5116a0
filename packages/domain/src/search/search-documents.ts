import { searchDocument } from './search-text.js';

/**
 * What each searchable row keeps as its search text (folded words, see search-text.ts). The databases index
 * exactly this column, so changing what a document holds means running the reindex command.
 */
export function ticketSearchText(subject: string): string {
  return searchDocument([subject]);
}

/** A message or note: its text and the names of its files; system events hold no words. */
export function threadItemSearchText(item: { readonly kind: string; readonly body: string }, attachmentNames: readonly string[] = []): string {
  if (item.kind === 'system_event') return '';
  return searchDocument([item.body, ...attachmentNames]);
}

export function contactSearchText(contact: { readonly name: string | null; readonly primaryEmail: string | null; readonly phones: readonly string[] }): string {
  return searchDocument([contact.name, contact.primaryEmail, ...contact.phones]);
}

export function companySearchText(company: { readonly name: string; readonly domains: readonly string[] }): string {
  return searchDocument([company.name, ...company.domains]);
}

/** An editable note on a ticket, contact or company. */
export function noteSearchText(body: string): string {
  return searchDocument([body]);
}
