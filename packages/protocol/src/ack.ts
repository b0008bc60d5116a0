import { z } from 'zod';

/** The error body every REST 4xx/5xx and every failed socket ack carries. */
export const ErrorBody = z.object({
  code: z.string().describe('Stable, namespaced code such as `ticket/invalid_transition`.'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ErrorResponse = z.object({ error: ErrorBody });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** A socket acknowledgement: sent only after the work is committed. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (ack: Ack<T>) => void;
