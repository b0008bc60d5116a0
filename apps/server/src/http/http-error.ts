import { DomainError, type ErrorCode, ErrorCodes } from '@parley/domain';

/** Maps each stable error code to its HTTP status, in one place. Unknown codes are 400. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCodes.authRequired]: 401,
  [ErrorCodes.visitorTokenInvalid]: 401,
  [ErrorCodes.chatNotStarted]: 404,
  [ErrorCodes.chatAlreadyTaken]: 409,
  [ErrorCodes.chatAtCapacity]: 409,
  [ErrorCodes.widgetNotFound]: 404,
  [ErrorCodes.widgetIdentityInvalid]: 403,
  [ErrorCodes.authInvalidCredentials]: 401,
  [ErrorCodes.authSetupTokenInvalid]: 403,
  [ErrorCodes.authInvitationInvalid]: 403,
  [ErrorCodes.authResetInvalid]: 403,
  [ErrorCodes.authTwoFactorInvalid]: 401,
  [ErrorCodes.authTwoFactorPendingInvalid]: 401,
  [ErrorCodes.authTwoFactorEnabled]: 409,
  [ErrorCodes.authTwoFactorNotEnabled]: 409,
  [ErrorCodes.authTwoFactorRequired]: 409,
  [ErrorCodes.authForbidden]: 403,
  [ErrorCodes.authCsrf]: 403,
  [ErrorCodes.authRateLimited]: 429,
  [ErrorCodes.requestRateLimited]: 429,
  [ErrorCodes.realtimeTooManyConnections]: 429,
  [ErrorCodes.requestTooLarge]: 413,
  [ErrorCodes.requestUnsupportedMediaType]: 415,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.kbSlugTaken]: 409,
  [ErrorCodes.kbTranslationExists]: 409,
  [ErrorCodes.ticketNotFound]: 404,
  [ErrorCodes.attachmentNotFound]: 404,
  [ErrorCodes.ticketNothingToSolve]: 404,
  [ErrorCodes.conflict]: 409,
  [ErrorCodes.ticketInvalidTransition]: 409,
  [ErrorCodes.ticketTransferNoChange]: 409,
  [ErrorCodes.ticketMergeInvalid]: 422,
  [ErrorCodes.ticketAlreadyMerged]: 409,
  [ErrorCodes.ticketMergeMixesInternal]: 422,
  [ErrorCodes.ticketMergeUndoExpired]: 409,
  [ErrorCodes.ticketSplitInvalid]: 422,
  [ErrorCodes.ticketLinkInvalid]: 422,
  [ErrorCodes.ticketSpamSharedDomain]: 422,
  [ErrorCodes.contactMergeInvalid]: 422,
  [ErrorCodes.statusInUse]: 409,
  [ErrorCodes.agentLastAdministrator]: 409,
  [ErrorCodes.agentInvitationNotPending]: 409,
  [ErrorCodes.agentInvitationPending]: 409,
  [ErrorCodes.viewLimitReached]: 409,
  [ErrorCodes.noteImmutable]: 405,
  [ErrorCodes.attachmentTooLarge]: 413,
  [ErrorCodes.attachmentTypeNotAllowed]: 415,
  [ErrorCodes.mailNotConfigured]: 409,
  [ErrorCodes.emailNotRetryable]: 409,
  [ErrorCodes.mailboxCredentialsKeyMissing]: 409,
  [ErrorCodes.mailboxAddressTaken]: 409,
  [ErrorCodes.satisfactionLinkInvalid]: 404,
  [ErrorCodes.satisfactionAlreadyRated]: 409,
  [ErrorCodes.satisfactionExpired]: 410,
  [ErrorCodes.internal]: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 400;
}

export function notFound(what: string): DomainError {
  return new DomainError(ErrorCodes.notFound, `${what} not found.`);
}
