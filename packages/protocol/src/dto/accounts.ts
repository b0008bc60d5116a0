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
