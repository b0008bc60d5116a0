import { type PortalTicketStatus, portalMayShowTicket, portalTicketScope, portalTicketStatus, type SatisfactionRating } from '@parley/domain';
import type { CustomerTicketDto, PortalNewRequestForm, PortalReplyForm } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import { forkScope } from '../../app-context.js';
import type { Attachment } from '../attachments/attachment.entity.js';
import type { StoredUpload } from '../attachments/attachment.service.js';
import { Contact, ContactEmail } from '../contacts/contact.entity.js';
import { addMessageAsCustomer, attachmentForCustomer, createTicketFromWebForm, customerTicket } from '../customers/customer.service.js';
import { submitRating } from '../satisfaction/rating.service.js';
import { SatisfactionSurvey } from '../satisfaction/satisfaction.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';

/**
 * The portal's use cases for a signed-in customer. Every read and write of a ticket goes through the
 * customers module (the web form's path: the domain's visibility rule, its merge handling, its reopening
 * rule), with the session's contact as the access instead of a ticket's token.
 */
export interface PortalTicketRow {
  readonly id: number;
  readonly number: string;
  readonly subject: string;
  readonly status: PortalTicketStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The newest of the customer's tickets first; a long history is cut at `limit`. */
export async function listPortalTickets(app: AppContext, contactId: number, limit = 200): Promise<PortalTicketRow[]> {
  const em = app.orm.em.fork();
  const rows = await em.find(Ticket, portalTicketScope(contactId), {
    orderBy: { updatedAt: 'desc', id: 'desc' },
    limit,
    fields: ['id', 'subject', 'status', 'createdAt', 'updatedAt', 'internal', 'contactId', 'departmentId', 'assignedAgentId', 'createdByAgentId', 'folder', 'mergedIntoId'],
  });
  type Access = Pick<Ticket, 'internal' | 'folder'> & { contactId?: number | null; departmentId?: number | null; assignedAgentId?: number | null; createdByAgentId?: number | null };
  const shown = (row: Access) =>
    portalMayShowTicket(contactId, { internal: row.internal, folder: row.folder, contactId: row.contactId ?? null, departmentId: row.departmentId ?? null, assignedAgentId: row.assignedAgentId ?? null, createdByAgentId: row.createdByAgentId ?? null });
  // A ticket merged into another of this customer's is listed as that one only (opening it shows the same
  // thread); merged into someone else's, it stays, as the customer's own conversation.
  const targetIds = [...new Set(rows.flatMap((row) => (row.mergedIntoId ? [row.mergedIntoId] : [])))];
  const targets = targetIds.length > 0 ? await em.find(Ticket, { id: { $in: targetIds } }, { fields: ['id', 'internal', 'contactId', 'departmentId', 'assignedAgentId', 'createdByAgentId', 'folder'] }) : [];
  const ownTargets = new Set(targets.filter(shown).map((target) => target.id));
  // The query is the rule's twin; the rule itself still has the last word on every row.
  return rows
    .filter((row) => shown(row) && !(row.mergedIntoId && ownTargets.has(row.mergedIntoId)))
    .map((row) => ({ id: row.id, number: ticketNumber(row.id), subject: row.subject, status: portalTicketStatus(row.status), createdAt: row.createdAt, updatedAt: row.updatedAt }));
}

export type PortalSurveyState = { readonly kind: 'none' } | { readonly kind: 'open' } | { readonly kind: 'rated'; readonly rating: SatisfactionRating };

export interface PortalTicketView {
  readonly ticket: CustomerTicketDto;
  readonly survey: PortalSurveyState;
}

/** One ticket as the customer may read it (not found when it is not theirs), and whether it takes a rating. */
export async function portalTicket(app: AppContext, contactId: number, ticketId: number): Promise<PortalTicketView> {
  const ticket = await customerTicket(forkScope(app, null), ticketId, { contactId });
  return { ticket, survey: ticket.status === 'resolved' ? await surveyState(app, ticketId) : { kind: 'none' } };
}

async function surveyState(app: AppContext, ticketId: number): Promise<PortalSurveyState> {
  const survey = await app.orm.em.fork().findOne(SatisfactionSurvey, { ticket: ticketId }, { fields: ['id', 'rating', 'ratedAt', 'expiresAt'] });
  if (!survey) return { kind: 'none' };
  if (survey.ratedAt && survey.rating) return { kind: 'rated', rating: survey.rating };
  return survey.expiresAt.getTime() > app.clock.now().getTime() ? { kind: 'open' } : { kind: 'none' };
}

export async function portalReply(app: AppContext, contactId: number, ticketId: number, form: PortalReplyForm, files: readonly StoredUpload[]): Promise<void> {
  await addMessageAsCustomer(forkScope(app, null), ticketId, { contactId }, { body: form.body, ...(form.clientId ? { clientId: form.clientId } : {}) }, files);
}

/** A new request, made as the web form makes one, filed under the signed-in contact. */
export async function portalNewRequest(app: AppContext, contactId: number, ip: string, form: PortalNewRequestForm, files: readonly StoredUpload[]): Promise<number> {
  const email = await contactEmail(app, contactId);
  const created = await createTicketFromWebForm(
    forkScope(app, null),
    { email, subject: form.subject, message: form.message, ...(form.clientId ? { clientId: form.clientId } : {}) },
    ip,
    'web_form',
    { contactId, files },
  );
  return created.ticketId;
}

/**
 * A rating from the portal: the ticket must be one the customer may read; then it is the survey's own use
 * case (once, reopening on a bad one when the desk asks for it), through the survey's token.
 */
export async function portalRate(app: AppContext, contactId: number, ticketId: number, rating: SatisfactionRating, comment: string | undefined): Promise<void> {
  await customerTicket(forkScope(app, null), ticketId, { contactId });
  const survey = await app.orm.em.fork().findOne(SatisfactionSurvey, { ticket: ticketId }, { fields: ['id'] });
  const token = survey ? app.ratingLinks.token(survey.id) : '';
  await submitRating(forkScope(app, null), { token, rating, comment });
}

export function portalAttachment(app: AppContext, contactId: number, ticketId: number, attachmentId: string): Promise<Attachment> {
  return attachmentForCustomer(forkScope(app, null), ticketId, { contactId }, attachmentId);
}

/** The address the portal's requests are filed under: the contact's first. */
async function contactEmail(app: AppContext, contactId: number): Promise<string> {
  const row = await app.orm.em.fork().findOne(ContactEmail, { contact: contactId }, { orderBy: { position: 'asc', id: 'asc' }, fields: ['email'] });
  return row?.email ?? '';
}

/** How the page names who is signed in: their name, else their address. */
export async function portalCustomerLabel(app: AppContext, contactId: number): Promise<string> {
  const contact = await app.orm.em.fork().findOne(Contact, { id: contactId }, { fields: ['id', 'name', 'primaryEmail'] });
  return contact?.name || contact?.primaryEmail || '';
}
