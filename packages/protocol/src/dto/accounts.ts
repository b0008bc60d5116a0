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
