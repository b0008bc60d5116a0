import { z } from 'zod';
import { IdParams, Ok, Page } from '../common.js';
import { AttachmentDto } from '../dto/attachment.js';
import {
  AgentDto, ApiTokenDto, CannedResponseDto, CompanyDto, ContactDto, CustomStatusDto, DepartmentDto, SessionDto,
} from '../dto/directory.js';
import { EditableNoteDto } from '../dto/note.js';
import { FilledReplyTemplate, ReplyTemplateDto, ReplyTemplateRequest } from '../dto/reply-template.js';
import { DepartmentOverview } from '../dto/overview.js';
import { AgentPresenceDto } from '../dto/presence.js';
import { CreateSavedViewRequest, SavedViewDto, UpdateSavedViewRequest } from '../dto/saved-view.js';
import {
  CreateTeamChannelRequest, MarkTeamReadRequest, OpenDirectConversationRequest, TeamConversationDto, TeamHistoryQuery, TeamMessageDto, TeamReadDto,
} from '../dto/team-chat.js';
import { CustomerTicketDto, ThreadItemBodyDto, ThreadItemDto, TicketDetailDto, TicketDto } from '../dto/ticket.js';
import { IssueVisitorRequest, VisitorSessionDto } from '../visitor/events.js';
import {
  CreateWidgetRequest, OfflineMessageCreated, OfflineMessageRequest, UpdateWidgetRequest, VisitorContextDto, WidgetConfigDto, WidgetConfigQuery, WidgetDto,
} from '../dto/widget.js';
import { CreateMailboxRequest, MailboxConnectionTest, MailboxDto, UpdateMailboxRequest } from '../dto/mailbox.js';
import { AuditEntryDto, AuditLogExportQuery, AuditLogQuery } from '../dto/audit-log.js';
import {
  Accepted, CompleteTwoFactorSignInRequest, ConfirmTwoFactorRequest, DisableTwoFactorRequest, PasswordResetLink, RecoveryCodes, RequestPasswordResetRequest, ResetPasswordRequest,
  SecuritySettings, SessionInfoDto, SignedOutEverywhere, TwoFactorChallenge, TwoFactorEnrolment, TwoFactorStatus, UpdateSecuritySettingsRequest,
} from '../dto/accounts.js';
import { endpoint } from './endpoint.js';
import * as R from './requests.js';

const NoteList = z.object({ items: z.array(EditableNoteDto) });

/**
 * The REST surface, once. The server mounts a route per entry (validating params, query and body with these
 * schemas), the OpenAPI document is generated from it, and clients type their calls with it.
 */
export const api = {
  // ---- session
  signIn: endpoint({ method: 'post', path: '/auth/sign-in', tag: 'Session', access: 'public', summary: 'Sign in with email and password; sets the session cookie. An agent with two-factor sign-in gets a challenge instead, and no session until the code.', body: R.SignInRequest, response: z.union([SessionDto, TwoFactorChallenge]) }),
  completeTwoFactorSignIn: endpoint({ method: 'post', path: '/auth/sign-in/two-factor', tag: 'Session', access: 'public', summary: 'The second step of a two-factor sign-in: the code from the authenticator app (or a recovery code); sets the session cookie.', body: CompleteTwoFactorSignInRequest, response: SessionDto, errors: ['auth/two_factor_invalid', 'auth/two_factor_pending_invalid', 'auth/rate_limited'] }),
  twoFactorStatus: endpoint({ method: 'get', path: '/auth/two-factor', tag: 'Session', access: 'agent', summary: 'Whether the own two-factor sign-in is on, whether it is required, and how many recovery codes are left.', response: TwoFactorStatus }),
  startTwoFactorEnrolment: endpoint({ method: 'post', path: '/auth/two-factor/enrolment', tag: 'Session', access: 'agent', summary: 'Start turning on two-factor sign-in: a new secret and its otpauth URI (a previous unconfirmed one is replaced).', response: TwoFactorEnrolment, status: 201, errors: ['auth/two_factor_enabled'] }),
  confirmTwoFactorEnrolment: endpoint({ method: 'post', path: '/auth/two-factor/enrolment/confirm', tag: 'Session', access: 'agent', summary: 'Turn on two-factor sign-in with a code from the app; answers the ten recovery codes, shown once.', body: ConfirmTwoFactorRequest, response: RecoveryCodes, errors: ['auth/two_factor_invalid', 'auth/two_factor_enabled', 'auth/rate_limited'] }),
  disableTwoFactor: endpoint({ method: 'post', path: '/auth/two-factor/disable', tag: 'Session', access: 'agent', summary: 'Turn off two-factor sign-in: needs the password and a code.', body: DisableTwoFactorRequest, response: Ok, errors: ['auth/invalid_credentials', 'auth/two_factor_invalid', 'auth/two_factor_not_enabled', 'auth/two_factor_required', 'auth/rate_limited'] }),
  getSecuritySettings: endpoint({ method: 'get', path: '/settings/security', tag: 'Organisation', access: 'administrator', summary: 'Installation-wide sign-in rules.', response: SecuritySettings }),
  updateSecuritySettings: endpoint({ method: 'put', path: '/settings/security', tag: 'Organisation', access: 'administrator', summary: 'Require two-factor sign-in of every agent (those without it are sent to enrol after signing in).', body: UpdateSecuritySettingsRequest, response: SecuritySettings }),
  signOut: endpoint({ method: 'post', path: '/auth/sign-out', tag: 'Session', access: 'agent', summary: 'End the session.', response: Ok }),
  session: endpoint({ method: 'get', path: '/auth/session', tag: 'Session', access: 'agent', summary: 'The signed-in agent and the CSRF token for cookie-authenticated writes.', response: SessionDto }),
  setup: endpoint({ method: 'post', path: '/auth/setup', tag: 'Session', access: 'public', summary: 'Create the first administrator with the one-time setup token printed at first start.', body: R.SetupRequest, response: SessionDto, status: 201 }),
  acceptInvitation: endpoint({ method: 'post', path: '/auth/accept-invitation', tag: 'Session', access: 'public', summary: 'Accept an invitation: choose the password through the one-time link and sign in (sets the session cookie).', body: R.AcceptInvitationRequest, response: SessionDto, errors: ['auth/invitation_invalid'] }),
  changePassword: endpoint({ method: 'put', path: '/auth/password', tag: 'Session', access: 'agent', summary: 'Change the own password (other sessions are signed out).', body: R.ChangePasswordRequest, response: Ok }),
  requestPasswordReset: endpoint({ method: 'post', path: '/auth/password-reset', tag: 'Session', access: 'public', summary: 'Ask for a password reset link by email. Always answers 202, whether or not the address has an account.', body: RequestPasswordResetRequest, response: Accepted, status: 202, errors: ['auth/rate_limited'] }),
  resetPassword: endpoint({ method: 'post', path: '/auth/reset-password', tag: 'Session', access: 'public', summary: 'Choose a new password through a one-time reset link: every session and API token of the agent ends, and this request signs in (sets the session cookie; an agent with two-factor sign-in gets the challenge instead).', body: ResetPasswordRequest, response: z.union([SessionDto, TwoFactorChallenge]), errors: ['auth/reset_invalid', 'auth/rate_limited'] }),
  listSessions: endpoint({ method: 'get', path: '/auth/sessions', tag: 'Session', access: 'agent', summary: 'The own signed-in sessions (the current one marked) and API tokens.', response: z.object({ sessions: z.array(SessionInfoDto), apiTokens: z.array(ApiTokenDto) }) }),
  endSession: endpoint({ method: 'delete', path: '/auth/sessions/:id', tag: 'Session', access: 'agent', summary: 'End one of the own sessions, with its connections on every instance.', params: IdParams, response: Ok }),
  signOutEverywhere: endpoint({ method: 'post', path: '/auth/sign-out-everywhere', tag: 'Session', access: 'agent', summary: 'End every own session but this one, with their connections on every instance (API tokens stay).', response: SignedOutEverywhere }),
  listApiTokens: endpoint({ method: 'get', path: '/api-tokens', tag: 'Session', access: 'agent', summary: 'The own API tokens.', response: z.object({ items: z.array(ApiTokenDto) }) }),
  createApiToken: endpoint({ method: 'post', path: '/api-tokens', tag: 'Session', access: 'agent', summary: 'Create an API token acting as the own account (shown once).', body: R.CreateApiTokenRequest, response: R.CreatedApiToken, status: 201 }),
  revokeApiToken: endpoint({ method: 'delete', path: '/api-tokens/:id', tag: 'Session', access: 'agent', summary: 'Revoke an own API token.', params: IdParams, response: Ok }),

  // ---- tickets
  countTickets: endpoint({ method: 'get', path: '/tickets/count', tag: 'Tickets', access: 'agent', summary: 'How many tickets the agent may see match these filters (the list\'s query without paging and order).', query: R.CountTicketsQuery, response: R.TicketCount }),
  listTickets: endpoint({ method: 'get', path: '/tickets', tag: 'Tickets', access: 'agent', summary: 'Tickets the agent may see, filtered, sorted and paginated by cursor.', query: R.ListTicketsQuery, response: Page(TicketDto) }),
  createTicket: endpoint({ method: 'post', path: '/tickets', tag: 'Tickets', access: 'agent', summary: 'Create a ticket for a customer: their request recorded, or (`firstMessage.from: agent`) our first letter to them, emailed like a reply.', body: R.CreateTicketRequest, response: TicketDetailDto, status: 201 }),
  createInternalTicket: endpoint({ method: 'post', path: '/internal-tickets', tag: 'Tickets', access: 'agent', summary: 'Create an internal ticket: a task for a department and/or an agent, never shown to a customer.', body: R.CreateInternalTicketRequest, response: TicketDetailDto, status: 201 }),
  claimToSolve: endpoint({ method: 'post', path: '/tickets/to-solve', tag: 'Tickets', access: 'agent', summary: '"To solve": claim the most urgent ticket the agent may take.', response: TicketDetailDto, errors: ['ticket/nothing_to_solve'] }),
  getTicket: endpoint({ method: 'get', path: '/tickets/:id', tag: 'Tickets', access: 'agent', summary: 'A ticket with its whole thread and its ticket note.', params: IdParams, response: TicketDetailDto }),
  reply: endpoint({ method: 'post', path: '/tickets/:id/replies', tag: 'Tickets', access: 'agent', summary: 'Reply to the customer, or to all when `to`/`cc` are given (`to` alone changes the recipient of a plain reply); `subject` sets this letter\'s subject only. Makes the ticket Answered.', params: IdParams, body: R.ReplyRequest, response: ThreadItemDto, status: 201 }),
  fillReplyTemplate: endpoint({ method: 'get', path: '/tickets/:id/reply-template', tag: 'Tickets', access: 'agent', summary: 'The starting template of a new reply on this ticket (the agent\'s own, else the ticket department\'s), filled for it.', params: IdParams, response: FilledReplyTemplate }),
  addInternalNote: endpoint({ method: 'post', path: '/tickets/:id/internal-notes', tag: 'Tickets', access: 'agent', summary: 'Add an internal note (agents only; can never be edited or deleted).', params: IdParams, body: R.NoteRequest, response: ThreadItemDto, status: 201 }),
  addCustomerMessage: endpoint({ method: 'post', path: '/tickets/:id/customer-messages', tag: 'Tickets', access: 'agent', summary: 'Record a message from the customer received through an integration. Reopens the ticket.', params: IdParams, body: R.CustomerMessageRequest, response: ThreadItemDto, status: 201 }),
  editThreadItem: endpoint({ method: 'patch', path: '/tickets/:id/thread/:itemId', tag: 'Tickets', access: 'agent', summary: 'Always refused: thread items, and internal notes above all, are never edited.', params: R.ThreadItemParams, body: z.unknown(), response: ThreadItemDto, errors: ['note/immutable'] }),
  deleteThreadItem: endpoint({ method: 'delete', path: '/tickets/:id/thread/:itemId', tag: 'Tickets', access: 'agent', summary: 'Always refused: thread items, and internal notes above all, are never deleted.', params: R.ThreadItemParams, response: Ok, errors: ['note/immutable'] }),
  emailHtml: endpoint({ method: 'get', path: '/tickets/:id/items/:itemId/email/html', tag: 'Tickets', access: 'agent', summary: 'An email thread item\'s HTML body, sanitized (text/html; no scripts, forms or frames; `cid:` images point at the attachments; remote images replaced by placeholders unless `images=allowed`; the quoted history wrapped in `div[data-parley-quote]`). Header `X-Parley-Blocked-Images` counts the withheld images.', params: R.ThreadItemParams, query: R.EmailHtmlQuery, errors: ['ticket/not_found', 'resource/not_found'] }),
  threadItemBody: endpoint({ method: 'get', path: '/tickets/:id/items/:itemId/body', tag: 'Tickets', access: 'agent', summary: 'The whole body of one thread item, for one the thread returned only the beginning of (`truncated`).', params: R.ThreadItemParams, response: ThreadItemBodyDto, errors: ['ticket/not_found', 'resource/not_found'] }),
  emailOriginal: endpoint({ method: 'get', path: '/tickets/:id/items/:itemId/email/original', tag: 'Tickets', access: 'agent', summary: 'The raw letter as it arrived ("show original"): text/plain to read, or message/rfc822 as a download with `download=1`. Incoming letters only.', params: R.ThreadItemParams, query: R.EmailOriginalQuery, errors: ['ticket/not_found', 'resource/not_found'] }),
  retryEmail: endpoint({ method: 'post', path: '/tickets/:id/thread/:itemId/email-retry', tag: 'Tickets', access: 'agent', summary: 'Send a reply whose letter failed or bounced again (the same letter, the same Message-ID).', params: R.ThreadItemParams, response: ThreadItemDto, errors: ['email/not_retryable', 'mail/not_configured'] }),
  editSubject: endpoint({ method: 'put', path: '/tickets/:id/subject', tag: 'Tickets', access: 'agent', summary: 'Edit the subject.', params: IdParams, body: R.SubjectRequest, response: TicketDto }),
  ticketVisitorContext: endpoint({ method: 'get', path: '/tickets/:id/visitor', tag: 'Tickets', access: 'agent', summary: 'Beside a chat: the visitor\'s pages this session, referrer, browser, OS, language and time zone, and the contact\'s earlier tickets the agent may see.', params: IdParams, response: VisitorContextDto, errors: ['ticket/not_found'] }),
  assign: endpoint({ method: 'post', path: '/tickets/:id/assign', tag: 'Tickets', access: 'agent', summary: 'Assign to a department and/or an agent.', params: IdParams, body: R.AssignRequest, response: TicketDto }),
  transfer: endpoint({ method: 'post', path: '/tickets/:id/transfer', tag: 'Tickets', access: 'agent', summary: 'Transfer to a department and/or an agent, with an optional note kept as an internal note.', params: IdParams, body: R.TransferRequest, response: TicketDto }),
  postpone: endpoint({ method: 'post', path: '/tickets/:id/postpone', tag: 'Tickets', access: 'agent', summary: 'Postpone until a time; the ticket leaves "To solve" until then.', params: IdParams, body: R.PostponeRequest, response: TicketDto }),
  resolve: endpoint({ method: 'post', path: '/tickets/:id/resolve', tag: 'Tickets', access: 'agent', summary: 'Resolve.', params: IdParams, response: TicketDto }),
  reopen: endpoint({ method: 'post', path: '/tickets/:id/reopen', tag: 'Tickets', access: 'agent', summary: 'Reopen a resolved ticket.', params: IdParams, response: TicketDto }),
  setCustomStatus: endpoint({ method: 'put', path: '/tickets/:id/status', tag: 'Tickets', access: 'agent', summary: 'Set a custom status.', params: IdParams, body: R.CustomStatusChangeRequest, response: TicketDto }),
  setPriority: endpoint({ method: 'put', path: '/tickets/:id/priority', tag: 'Tickets', access: 'agent', summary: 'Set the priority.', params: IdParams, body: R.PriorityRequest, response: TicketDto }),
  setTags: endpoint({ method: 'put', path: '/tickets/:id/tags', tag: 'Tickets', access: 'agent', summary: 'Replace the tags.', params: IdParams, body: R.TagsRequest, response: TicketDto }),
  setCc: endpoint({ method: 'put', path: '/tickets/:id/cc', tag: 'Tickets', access: 'agent', summary: 'Replace the CC recipients used by reply to all.', params: IdParams, body: R.CcRequest, response: TicketDto }),
  getTicketNote: endpoint({ method: 'get', path: '/tickets/:id/note', tag: 'Notes', access: 'agent', summary: 'The ticket note (one editable note beside the ticket).', params: IdParams, response: z.object({ note: EditableNoteDto.nullable() }) }),
  putTicketNote: endpoint({ method: 'put', path: '/tickets/:id/note', tag: 'Notes', access: 'agent', summary: 'Write or edit the ticket note.', params: IdParams, body: R.NoteBodyRequest, response: EditableNoteDto }),
  deleteTicketNote: endpoint({ method: 'delete', path: '/tickets/:id/note', tag: 'Notes', access: 'agent', summary: 'Delete the ticket note.', params: IdParams, response: Ok }),

  // ---- saved views (personal)
  listSavedViews: endpoint({ method: 'get', path: '/views', tag: 'Saved views', access: 'agent', summary: 'The own saved views of the ticket list, in order, each with its live count.', response: z.object({ items: z.array(SavedViewDto) }) }),
  createSavedView: endpoint({ method: 'post', path: '/views', tag: 'Saved views', access: 'agent', summary: 'Save the ticket list\'s filters as a named view (at most 50 per agent).', body: CreateSavedViewRequest, response: SavedViewDto, status: 201, errors: ['view/limit_reached'] }),
  updateSavedView: endpoint({ method: 'patch', path: '/views/:id', tag: 'Saved views', access: 'agent', summary: 'Rename an own saved view or replace its filters.', params: IdParams, body: UpdateSavedViewRequest, response: SavedViewDto }),
  deleteSavedView: endpoint({ method: 'delete', path: '/views/:id', tag: 'Saved views', access: 'agent', summary: 'Delete an own saved view.', params: IdParams, response: Ok }),

  // ---- attachments
  uploadAttachment: endpoint({ method: 'post', path: '/attachments', tag: 'Attachments', access: 'agent', summary: 'Upload one file (multipart field `file`); attach it by id to a reply, note or transfer.', response: AttachmentDto, status: 201, contentType: 'multipart/form-data', errors: ['attachment/too_large'] }),
  downloadAttachment: endpoint({ method: 'get', path: '/attachments/:id', tag: 'Attachments', access: 'agent', summary: 'Download an attachment the agent may see.', params: z.strictObject({ id: z.uuid() }) }),

  // ---- contacts and companies
  listContacts: endpoint({ method: 'get', path: '/contacts', tag: 'Contacts', access: 'agent', summary: 'Contacts, searched by name or email.', query: R.ListQuery, response: Page(ContactDto) }),
  createContact: endpoint({ method: 'post', path: '/contacts', tag: 'Contacts', access: 'agent', summary: 'Create a contact.', body: R.CreateContactRequest, response: ContactDto, status: 201 }),
  getContact: endpoint({ method: 'get', path: '/contacts/:id', tag: 'Contacts', access: 'agent', summary: 'A contact.', params: IdParams, response: ContactDto }),
  updateContact: endpoint({ method: 'patch', path: '/contacts/:id', tag: 'Contacts', access: 'agent', summary: 'Edit a contact.', params: IdParams, body: R.UpdateContactRequest, response: ContactDto }),
  listContactNotes: endpoint({ method: 'get', path: '/contacts/:id/notes', tag: 'Notes', access: 'agent', summary: 'Notes about a contact.', params: IdParams, response: NoteList }),
  addContactNote: endpoint({ method: 'post', path: '/contacts/:id/notes', tag: 'Notes', access: 'agent', summary: 'Add a note about a contact.', params: IdParams, body: R.NoteBodyRequest, response: EditableNoteDto, status: 201 }),
  editContactNote: endpoint({ method: 'patch', path: '/contacts/:id/notes/:noteId', tag: 'Notes', access: 'agent', summary: 'Edit a contact note.', params: R.NoteParams, body: R.NoteBodyRequest, response: EditableNoteDto }),
  deleteContactNote: endpoint({ method: 'delete', path: '/contacts/:id/notes/:noteId', tag: 'Notes', access: 'agent', summary: 'Delete a contact note.', params: R.NoteParams, response: Ok }),
  listCompanies: endpoint({ method: 'get', path: '/companies', tag: 'Contacts', access: 'agent', summary: 'Companies, searched by name.', query: R.ListQuery, response: Page(CompanyDto) }),
  createCompany: endpoint({ method: 'post', path: '/companies', tag: 'Contacts', access: 'agent', summary: 'Create a company.', body: R.CreateCompanyRequest, response: CompanyDto, status: 201 }),
  getCompany: endpoint({ method: 'get', path: '/companies/:id', tag: 'Contacts', access: 'agent', summary: 'A company.', params: IdParams, response: CompanyDto }),
  updateCompany: endpoint({ method: 'patch', path: '/companies/:id', tag: 'Contacts', access: 'agent', summary: 'Edit a company.', params: IdParams, body: R.UpdateCompanyRequest, response: CompanyDto }),
  listCompanyNotes: endpoint({ method: 'get', path: '/companies/:id/notes', tag: 'Notes', access: 'agent', summary: 'Notes about a company.', params: IdParams, response: NoteList }),
  addCompanyNote: endpoint({ method: 'post', path: '/companies/:id/notes', tag: 'Notes', access: 'agent', summary: 'Add a note about a company.', params: IdParams, body: R.NoteBodyRequest, response: EditableNoteDto, status: 201 }),
  editCompanyNote: endpoint({ method: 'patch', path: '/companies/:id/notes/:noteId', tag: 'Notes', access: 'agent', summary: 'Edit a company note.', params: R.NoteParams, body: R.NoteBodyRequest, response: EditableNoteDto }),
  deleteCompanyNote: endpoint({ method: 'delete', path: '/companies/:id/notes/:noteId', tag: 'Notes', access: 'agent', summary: 'Delete a company note.', params: R.NoteParams, response: Ok }),

  // ---- organisation
  listDepartments: endpoint({ method: 'get', path: '/departments', tag: 'Organisation', access: 'agent', summary: 'All departments.', response: z.object({ items: z.array(DepartmentDto) }) }),
  createDepartment: endpoint({ method: 'post', path: '/departments', tag: 'Organisation', access: 'administrator', summary: 'Create a department.', body: R.DepartmentRequest, response: DepartmentDto, status: 201 }),
  updateDepartment: endpoint({ method: 'patch', path: '/departments/:id', tag: 'Organisation', access: 'administrator', summary: 'Rename a department.', params: IdParams, body: R.DepartmentRequest, response: DepartmentDto }),
  departmentOverview: endpoint({ method: 'get', path: '/departments/overview', tag: 'Organisation', access: 'agent', summary: 'Per department: tickets the agent may see by status, and its active members; plus tickets in no department.', response: DepartmentOverview }),
  listAgentPresence: endpoint({ method: 'get', path: '/agents/presence', tag: 'Organisation', access: 'agent', summary: 'Every active agent\'s availability and whether they are connected right now.', response: z.object({ items: z.array(AgentPresenceDto) }) }),
  listAgents: endpoint({ method: 'get', path: '/agents', tag: 'Organisation', access: 'agent', summary: 'All agents.', response: z.object({ items: z.array(AgentDto) }) }),
  createAgent: endpoint({ method: 'post', path: '/agents', tag: 'Organisation', access: 'administrator', summary: 'Add an agent: with a password, or (without one) invited through a one-time link returned once as `invitationUrl`.', body: R.CreateAgentRequest, response: R.CreatedAgent, status: 201 }),
  reissueInvitation: endpoint({ method: 'post', path: '/agents/:id/invitation', tag: 'Organisation', access: 'administrator', summary: 'Issue a new invitation link for an agent who has not accepted yet; the previous link stops working.', params: IdParams, response: R.AgentInvitation, status: 201, errors: ['agent/invitation_not_pending', 'agent/inactive'] }),
  issuePasswordReset: endpoint({ method: 'post', path: '/agents/:id/password-reset', tag: 'Organisation', access: 'administrator', summary: 'Make a one-time password reset link for an agent (returned once, to hand over); a previous link stops working.', params: IdParams, response: PasswordResetLink, status: 201, errors: ['agent/inactive', 'agent/invitation_pending'] }),
  updateAgent: endpoint({ method: 'patch', path: '/agents/:id', tag: 'Organisation', access: 'administrator', summary: 'Change an agent: role, departments, chat capacity, deactivation.', params: IdParams, body: R.UpdateAgentRequest, response: AgentDto, errors: ['agent/last_administrator'] }),
  updateMe: endpoint({ method: 'patch', path: '/me', tag: 'Organisation', access: 'agent', summary: 'Change the own name, interface language, availability or notification emails.', body: R.UpdateMeRequest, response: AgentDto }),
  myReplyTemplate: endpoint({ method: 'get', path: '/me/reply-template', tag: 'Organisation', access: 'agent', summary: 'The own starting template of new replies (greeting and signature), as written.', response: ReplyTemplateDto }),
  setMyReplyTemplate: endpoint({ method: 'put', path: '/me/reply-template', tag: 'Organisation', access: 'agent', summary: 'Set the own starting template of new replies; it wins over the department\'s. Null or blank removes it.', body: ReplyTemplateRequest, response: ReplyTemplateDto, errors: ['canned/unknown_placeholder'] }),
  departmentReplyTemplate: endpoint({ method: 'get', path: '/departments/:id/reply-template', tag: 'Organisation', access: 'administrator', summary: 'A department\'s starting template of new replies, as written.', params: IdParams, response: ReplyTemplateDto }),
  setDepartmentReplyTemplate: endpoint({ method: 'put', path: '/departments/:id/reply-template', tag: 'Organisation', access: 'administrator', summary: 'Set a department\'s starting template of new replies (used by its agents who have none of their own). Null or blank removes it.', params: IdParams, body: ReplyTemplateRequest, response: ReplyTemplateDto, errors: ['canned/unknown_placeholder'] }),
  listCustomStatuses: endpoint({ method: 'get', path: '/statuses', tag: 'Organisation', access: 'agent', summary: 'Custom statuses.', response: z.object({ items: z.array(CustomStatusDto) }) }),
  createCustomStatus: endpoint({ method: 'post', path: '/statuses', tag: 'Organisation', access: 'administrator', summary: 'Define a custom status on a base status.', body: R.CustomStatusRequest, response: CustomStatusDto, status: 201 }),
  updateCustomStatus: endpoint({ method: 'patch', path: '/statuses/:id', tag: 'Organisation', access: 'administrator', summary: 'Rename or remap a custom status.', params: IdParams, body: R.UpdateCustomStatusRequest, response: CustomStatusDto }),
  deleteCustomStatus: endpoint({ method: 'delete', path: '/statuses/:id', tag: 'Organisation', access: 'administrator', summary: 'Delete a custom status that no ticket carries.', params: IdParams, response: Ok, errors: ['status/in_use'] }),
  listCannedResponses: endpoint({ method: 'get', path: '/canned-responses', tag: 'Canned responses', access: 'agent', summary: 'Canned responses, searched by title or text.', query: R.ListQuery, response: Page(CannedResponseDto) }),
  createCannedResponse: endpoint({ method: 'post', path: '/canned-responses', tag: 'Canned responses', access: 'administrator', summary: 'Create a canned response; placeholders like {{contact.name}} are filled when used.', body: R.CannedResponseRequest, response: CannedResponseDto, status: 201 }),
  updateCannedResponse: endpoint({ method: 'patch', path: '/canned-responses/:id', tag: 'Canned responses', access: 'administrator', summary: 'Edit a canned response.', params: IdParams, body: R.UpdateCannedResponseRequest, response: CannedResponseDto }),
  deleteCannedResponse: endpoint({ method: 'delete', path: '/canned-responses/:id', tag: 'Canned responses', access: 'administrator', summary: 'Delete a canned response.', params: IdParams, response: Ok }),
  listWidgets: endpoint({ method: 'get', path: '/widgets', tag: 'Chat widget', access: 'administrator', summary: 'The chat widgets (one per embed): looks, department(s), pre-chat fields, identity secret.', response: z.object({ items: z.array(WidgetDto) }) }),
  createWidget: endpoint({ method: 'post', path: '/widgets', tag: 'Chat widget', access: 'administrator', summary: 'Add a chat widget; its public key and identity secret are generated.', body: CreateWidgetRequest, response: WidgetDto, status: 201, errors: ['resource/not_found'] }),
  updateWidget: endpoint({ method: 'patch', path: '/widgets/:id', tag: 'Chat widget', access: 'administrator', summary: 'Change a chat widget (or rotate its identity secret).', params: IdParams, body: UpdateWidgetRequest, response: WidgetDto, errors: ['resource/not_found'] }),
  deleteWidget: endpoint({ method: 'delete', path: '/widgets/:id', tag: 'Chat widget', access: 'administrator', summary: 'Delete a chat widget: embeds with its key stop showing.', params: IdParams, response: Ok }),

  // ---- mailboxes
  listMailboxes: endpoint({ method: 'get', path: '/mailboxes', tag: 'Mailboxes', access: 'administrator', summary: 'The mailboxes Parley receives mail at, with their connection status, last error and last check (passwords never returned).', response: z.object({ items: z.array(MailboxDto) }) }),
  createMailbox: endpoint({ method: 'post', path: '/mailboxes', tag: 'Mailboxes', access: 'administrator', summary: 'Add a mailbox: IMAP and/or the SMTP receiver for inbound mail, SMTP for replies. Passwords are stored encrypted (needs MAIL_CREDENTIALS_KEY).', body: CreateMailboxRequest, response: MailboxDto, status: 201, errors: ['mailbox/settings_invalid', 'mailbox/credentials_key_missing', 'mailbox/address_taken', 'resource/not_found'] }),
  updateMailbox: endpoint({ method: 'patch', path: '/mailboxes/:id', tag: 'Mailboxes', access: 'administrator', summary: 'Change or deactivate a mailbox; a password absent from the request stays as it is, null clears it.', params: IdParams, body: UpdateMailboxRequest, response: MailboxDto, errors: ['mailbox/settings_invalid', 'mailbox/credentials_key_missing', 'mailbox/address_taken', 'resource/not_found'] }),
  testMailbox: endpoint({ method: 'post', path: '/mailboxes/:id/test', tag: 'Mailboxes', access: 'administrator', summary: 'Try the stored IMAP and SMTP settings now: sign in (and open the folder) and report what the servers said.', params: IdParams, response: MailboxConnectionTest, errors: ['resource/not_found'] }),
  // ---- audit log
  listAuditLog: endpoint({ method: 'get', path: '/audit-log', tag: 'Audit log', access: 'administrator', summary: 'Administrative changes, newest first: who (and from where) changed which agent, department, status, canned response, widget, mailbox or API token, and how. `nextCursor` leads to older entries.', query: AuditLogQuery, response: Page(AuditEntryDto), errors: ['request/invalid_cursor'] }),
  exportAuditLog: endpoint({ method: 'get', path: '/audit-log/export', tag: 'Audit log', access: 'administrator', summary: 'The audit log with the same filters as a CSV download (streamed, newest first; cells that would start a spreadsheet formula are prefixed with a quote).', query: AuditLogExportQuery }),
  renderCannedResponse: endpoint({ method: 'post', path: '/canned-responses/:id/render', tag: 'Canned responses', access: 'agent', summary: 'Fill a canned response\'s placeholders for a ticket.', params: IdParams, body: R.RenderCannedResponseRequest, response: R.RenderedCannedResponse }),

  // ---- team chat
  listTeamConversations: endpoint({ method: 'get', path: '/team/conversations', tag: 'Team chat', access: 'agent', summary: 'The team conversations the agent may use (department channels, ad-hoc channels joined or open to join, direct conversations), with unread counts.', response: z.object({ items: z.array(TeamConversationDto) }) }),
  createTeamChannel: endpoint({ method: 'post', path: '/team/channels', tag: 'Team chat', access: 'agent', summary: 'Create an ad-hoc channel; its creator is its first member.', body: CreateTeamChannelRequest, response: TeamConversationDto, status: 201 }),
  joinTeamChannel: endpoint({ method: 'post', path: '/team/conversations/:id/join', tag: 'Team chat', access: 'agent', summary: 'Join an ad-hoc channel.', params: IdParams, response: TeamConversationDto }),
  leaveTeamChannel: endpoint({ method: 'post', path: '/team/conversations/:id/leave', tag: 'Team chat', access: 'agent', summary: 'Leave an ad-hoc channel.', params: IdParams, response: Ok }),
  openDirectConversation: endpoint({ method: 'post', path: '/team/direct', tag: 'Team chat', access: 'agent', summary: 'Open (or find) the direct conversation with another active agent.', body: OpenDirectConversationRequest, response: TeamConversationDto }),
  teamHistory: endpoint({ method: 'get', path: '/team/conversations/:id/messages', tag: 'Team chat', access: 'agent', summary: 'A page of a conversation\'s messages, newest first; `nextCursor` leads to older ones.', params: IdParams, query: TeamHistoryQuery, response: Page(TeamMessageDto) }),
  markTeamRead: endpoint({ method: 'post', path: '/team/conversations/:id/read', tag: 'Team chat', access: 'agent', summary: 'Mark the conversation read up to a message (the marker never moves back).', params: IdParams, body: MarkTeamReadRequest, response: TeamReadDto }),

  // ---- customers
  publicCreateTicket: endpoint({ method: 'post', path: '/public/tickets', tag: 'Customers', access: 'public', summary: 'The web form: a customer opens a ticket and receives an access token for it.', body: R.PublicCreateTicketRequest, response: R.PublicTicketCreated, status: 201 }),
  publicGetTicket: endpoint({ method: 'get', path: '/public/tickets/:id', tag: 'Customers', access: 'customer', summary: 'A customer reads their ticket (Authorization: Bearer <access token>): public messages only.', params: IdParams, response: CustomerTicketDto }),
  publicDownloadAttachment: endpoint({ method: 'get', path: '/public/tickets/:id/attachments/:attachmentId', tag: 'Customers', access: 'customer', summary: 'A customer downloads a file from a message they may see.', params: z.strictObject({ id: IdParams.shape.id, attachmentId: z.uuid() }) }),
  publicAddMessage: endpoint({ method: 'post', path: '/public/tickets/:id/messages', tag: 'Customers', access: 'customer', summary: 'A customer answers on their ticket; it reopens.', params: IdParams, body: R.PublicMessageRequest, response: CustomerTicketDto, status: 201 }),

  // ---- the chat widget
  issueVisitor: endpoint({ method: 'post', path: '/widget/visitors', tag: 'Chat widget', access: 'public', summary: 'A website visitor\'s identity: a new visitor, or with a still-valid token the same one (its token renewed).', body: IssueVisitorRequest, response: VisitorSessionDto, errors: ['visitor/token_invalid', 'request/rate_limited'] }),
  widgetDefaultConfig: endpoint({ method: 'get', path: '/widget/config', tag: 'Chat widget', access: 'public', summary: 'The widget\'s defaults for an embed without data-widget (optionally for one department), with whether someone can chat now.', query: WidgetConfigQuery, response: WidgetConfigDto, errors: ['request/rate_limited', 'resource/not_found'] }),
  widgetConfig: endpoint({ method: 'get', path: '/widget/config/:key', tag: 'Chat widget', access: 'public', summary: 'An active widget\'s public settings (colour, position, greeting, pre-chat fields, departments) and whether someone can chat now. Cached briefly.', params: z.strictObject({ key: z.string().max(100) }), response: WidgetConfigDto, errors: ['widget/not_found', 'request/rate_limited'] }),
  widgetOfflineMessage: endpoint({ method: 'post', path: '/widget/offline-messages', tag: 'Chat widget', access: 'public', summary: 'The offline form: when nobody can chat, the visitor leaves a message; it becomes a web-form ticket answered by email.', body: OfflineMessageRequest, response: OfflineMessageCreated, status: 201, errors: ['widget/not_found', 'resource/not_found', 'request/rate_limited'] }),
  visitorUploadAttachment: endpoint({ method: 'post', path: '/widget/attachments', tag: 'Chat widget', access: 'public', summary: 'A visitor uploads one file (multipart field `file`, Authorization: Bearer <visitor token>) to send with chat:message; pictures and documents only, size-limited and rate-limited.', response: AttachmentDto, status: 201, contentType: 'multipart/form-data', errors: ['visitor/token_invalid', 'attachment/too_large', 'attachment/type_not_allowed', 'request/rate_limited'] }),
  visitorDownloadAttachment: endpoint({ method: 'get', path: '/widget/attachments/:attachmentId', tag: 'Chat widget', access: 'public', summary: 'A visitor downloads a file of a message of their own chat they may see (Authorization: Bearer <visitor token>).', params: z.strictObject({ attachmentId: z.uuid() }), errors: ['visitor/token_invalid', 'attachment/not_found'] }),
} as const;

export type Api = typeof api;
export type EndpointName = keyof Api;
