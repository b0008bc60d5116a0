import { z } from 'zod';
import { Email } from '../common.js';

/** Account security: password reset, sessions, two-factor sign-in. Every body a strict object. */
const Password = z.string().min(10).max(200);
const LinkToken = z.string().min(20).max(200);

export const RequestPasswordResetRequest = z.strictObject({ email: Email });
export type RequestPasswordResetRequest = z.infer<typeof RequestPasswordResetRequest>;
export const ResetPasswordRequest = z.strictObject({ token: LinkToken, password: Password });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;
export const Accepted = z.object({ accepted: z.literal(true) });
/** The same answer for every address; `emailDelivery` says only whether this help desk can send email at all. */
export const PasswordResetAccepted = Accepted.extend({ emailDelivery: z.enum(['available', 'unavailable']) });
export type PasswordResetAccepted = z.infer<typeof PasswordResetAccepted>;
export const PasswordResetLink = z.object({
  url: z.string().describe('The one-time password reset link (shown once, never stored); a previous link stops working.'),
  expiresAt: z.string().describe('When the link stops working.'),
});
export type PasswordResetLink = z.infer<typeof PasswordResetLink>;

export const SessionInfoDto = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  ipAddress: z.string().nullable().describe('The address the session was opened from.'),
  userAgent: z.string().nullable().describe('The browser the session was opened with, as it named itself.'),
  current: z.boolean().describe('Whether this is the session making the request.'),
});
export type SessionInfoDto = z.infer<typeof SessionInfoDto>;
export const SignedOutEverywhere = z.object({ ended: z.number().int().describe('How many other sessions were ended.') });
export type SignedOutEverywhere = z.infer<typeof SignedOutEverywhere>;

// ---- two-factor sign-in
const Code = z.string().trim().min(6).max(20).describe('Six digits from the authenticator app, or a recovery code.');
export const TwoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  pendingToken: z.string().describe('Sent back with the code; works for a few minutes and a few attempts. No session exists yet.'),
  expiresAt: z.string(),
});
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallenge>;
export const CompleteTwoFactorSignInRequest = z.strictObject({ pendingToken: z.string().min(20).max(200), code: Code });
export type CompleteTwoFactorSignInRequest = z.infer<typeof CompleteTwoFactorSignInRequest>;
export const TwoFactorStatus = z.object({
  enabled: z.boolean(),
  required: z.boolean().describe('Whether an administrator requires two-factor sign-in of every agent.'),
  enrolmentRequired: z.boolean().describe('Required and not enabled: the agent is to enrol before working.'),
  recoveryCodesLeft: z.number().int(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;
export const TwoFactorEnrolment = z.object({
  secret: z.string().describe('The base32 secret, for typing into an app by hand.'),
  uri: z.string().describe('The otpauth:// URI, shown as a QR code.'),
});
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolment>;
export const ConfirmTwoFactorRequest = z.strictObject({ code: z.string().trim().min(6).max(10) });
export type ConfirmTwoFactorRequest = z.infer<typeof ConfirmTwoFactorRequest>;
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()).describe('Shown once; each works once.') });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export const DisableTwoFactorRequest = z.strictObject({ password: z.string().min(1).max(200), code: Code });
export type DisableTwoFactorRequest = z.infer<typeof DisableTwoFactorRequest>;
/** New recovery codes need the password and a current code: a session left open somewhere is not enough. */
export const RegenerateRecoveryCodesRequest = DisableTwoFactorRequest;
export type RegenerateRecoveryCodesRequest = DisableTwoFactorRequest;
export const SecuritySettings = z.object({ requireTwoFactor: z.boolean() });
export type SecuritySettings = z.infer<typeof SecuritySettings>;
export const UpdateSecuritySettingsRequest = z.strictObject({ requireTwoFactor: z.boolean() });
