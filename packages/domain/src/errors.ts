/**
 * Every refusal in Parley is a value with a stable, namespaced code. Transport maps codes to HTTP statuses
 * and socket acks in one place; clients translate `errors.<code>`.
 */
export const ErrorCodes = {
  authRequired: 'auth/required',
  authInvalidCredentials: 'auth/invalid_credentials',
  authForbidden: 'auth/forbidden',
  authCsrf: 'auth/csrf_failed',
  authRateLimited: 'auth/rate_limited',
  authSetupTokenInvalid: 'auth/setup_token_invalid',
  authInvitationInvalid: 'auth/invitation_invalid',
  authResetInvalid: 'auth/reset_invalid',
  authTwoFactorInvalid: 'auth/two_factor_invalid',
  authTwoFactorPendingInvalid: 'auth/two_factor_pending_invalid',
  authTwoFactorEnabled: 'auth/two_factor_enabled',
  authTwoFactorNotEnabled: 'auth/two_factor_not_enabled',
  authTwoFactorRequired: 'auth/two_factor_required',
  requestInvalid: 'request/invalid',
  calendarInvalid: 'calendar/invalid',
  statisticsPeriodInvalid: 'statistics/period_invalid',
  satisfactionLinkInvalid: 'satisfaction/link_invalid',
  satisfactionAlreadyRated: 'satisfaction/already_rated',
  satisfactionExpired: 'satisfaction/expired',
  slaPolicyInvalid: 'sla/policy_invalid',
  automationRuleInvalid: 'automation/rule_invalid',
  requestInvalidCursor: 'request/invalid_cursor',
  requestInvalidPath: 'request/invalid_path',
  requestMalformedJson: 'request/malformed_json',
  requestTooLarge: 'request/too_large',
  requestUnsupportedMediaType: 'request/unsupported_media_type',
  requestRateLimited: 'request/rate_limited',
  /** A socket refused at the handshake: its visitor, address or agent session has as many open as allowed. */
  realtimeTooManyConnections: 'realtime/too_many_connections',
  requestUnknownEvent: 'request/unknown_event',
  requestInvalidText: 'request/invalid_text',
  notFound: 'resource/not_found',
  conflict: 'resource/conflict',
  ticketNotFound: 'ticket/not_found',
  ticketInvalidTransition: 'ticket/invalid_transition',
  ticketPostponeInPast: 'ticket/postpone_in_past',
  ticketInternalHasNoCustomer: 'ticket/internal_has_no_customer',
  ticketNoRecipient: 'ticket/no_recipient',
  ticketNeedsOwner: 'ticket/needs_department_or_agent',
  ticketNothingToSolve: 'ticket/nothing_to_solve',
  ticketTransferNoChange: 'ticket/transfer_no_change',
  ticketSubjectInvalid: 'ticket/subject_invalid',
  ticketMergeInvalid: 'ticket/merge_invalid',
  ticketAlreadyMerged: 'ticket/already_merged',
  ticketMergeMixesInternal: 'ticket/merge_mixes_internal',
  ticketMergeUndoExpired: 'ticket/merge_undo_expired',
  ticketSplitInvalid: 'ticket/split_invalid',
  ticketLinkInvalid: 'ticket/link_invalid',
  ticketSpamSharedDomain: 'ticket/spam_shared_domain',
  contactMergeInvalid: 'contact/merge_invalid',
  noteImmutable: 'note/immutable',
  statusBaseNotAllowed: 'status/base_not_allowed',
  statusInUse: 'status/in_use',
  agentNotInDepartment: 'agent/not_in_department',
  agentInactive: 'agent/inactive',
  agentLastAdministrator: 'agent/last_administrator',
  agentInvitationNotPending: 'agent/invitation_not_pending',
  agentInvitationPending: 'agent/invitation_pending',
  attachmentTooLarge: 'attachment/too_large',
  attachmentNotFound: 'attachment/not_found',
  attachmentTypeNotAllowed: 'attachment/type_not_allowed',
  viewLimitReached: 'view/limit_reached',
  visitorTokenInvalid: 'visitor/token_invalid',
  chatNotStarted: 'chat/not_started',
  chatAlreadyTaken: 'chat/already_taken',
  chatNotOffered: 'chat/not_offered',
  chatNotActive: 'chat/not_active',
  chatNotOwner: 'chat/not_owner',
  chatAlreadyParticipant: 'chat/already_participant',
  chatAgentUnavailable: 'chat/agent_unavailable',
  chatAtCapacity: 'chat/at_capacity',
  chatNotChat: 'chat/not_a_chat',
  callNotFound: 'call/not_found',
  callInvalid: 'call/invalid',
  callBusy: 'call/busy',
  callEnded: 'call/ended',
  callNotParticipant: 'call/not_participant',
  callNotRinging: 'call/not_ringing',
  callAnsweredElsewhere: 'call/answered_elsewhere',
  callFull: 'call/full',
  mailNotConfigured: 'mail/not_configured',
  emailNotRetryable: 'email/not_retryable',
  chatPrechatInvalid: 'chat/prechat_invalid',
  widgetNotFound: 'widget/not_found',
  widgetIdentityInvalid: 'widget/identity_invalid',
  mailboxSettingsInvalid: 'mailbox/settings_invalid',
  mailboxCredentialsKeyMissing: 'mailbox/credentials_key_missing',
  mailboxAddressTaken: 'mailbox/address_taken',
  cannedPlaceholderUnknown: 'canned/unknown_placeholder',
  kbSlugTaken: 'kb/slug_taken',
  kbSlugInvalid: 'kb/slug_invalid',
  kbTranslationExists: 'kb/translation_exists',
  internal: 'server/internal',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
