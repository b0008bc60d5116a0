import { MESSAGE_BODY_MAX_LENGTH, SATISFACTION_RATINGS, SUBJECT_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';
import { ClientId, Email } from '../common.js';

/**
 * The customer portal's HTML forms (urlencoded or multipart), as the server reads them. Every form carries
 * its CSRF token; the fields are what the page sends and nothing else (files travel beside them, counted
 * and limited by the server as they stream).
 */
const Csrf = z.string().min(20).max(100);
const Body = z.string().trim().min(1).max(MESSAGE_BODY_MAX_LENGTH);
const Subject = z.string().trim().min(1).max(SUBJECT_MAX_LENGTH);
/** The signed ticket link a sign-in started from (the page brings the customer back to that ticket). */
const Next = z.string().max(200).optional();

export const PortalSignInForm = z.strictObject({ csrf: Csrf, email: Email, next: Next });
export type PortalSignInForm = z.infer<typeof PortalSignInForm>;

export const PortalReplyForm = z.strictObject({ csrf: Csrf, body: Body, clientId: ClientId.optional() });
export type PortalReplyForm = z.infer<typeof PortalReplyForm>;

export const PortalNewRequestForm = z.strictObject({ csrf: Csrf, subject: Subject, message: Body, clientId: ClientId.optional() });
export type PortalNewRequestForm = z.infer<typeof PortalNewRequestForm>;

export const PortalRatingForm = z.strictObject({ csrf: Csrf, rating: z.enum(SATISFACTION_RATINGS), comment: z.string().max(2000).optional() });
export type PortalRatingForm = z.infer<typeof PortalRatingForm>;
