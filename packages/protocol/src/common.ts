import { z } from 'zod';

/** An id in a JSON body: a number, nothing else. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** An id in a path or query string, where everything arrives as text. */
export const IdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IsoDateTime = z.iso.datetime({ offset: true });
/** A client-generated id (UUID or similar) that makes retries safe: the server de-duplicates on it. */
export const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const Email = z.email().max(254).transform((e) => e.toLowerCase());

export const Cursor = z.string().max(200);
export const Limit = z.coerce.number().int().min(1).max(100).default(50);

export const IdParams = z.strictObject({ id: IdParam });
export type IdParams = z.infer<typeof IdParams>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Empty = z.strictObject({});
export const Ok = z.object({ ok: z.literal(true) });
