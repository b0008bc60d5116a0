import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Who may call: nobody signed in, any active agent (session or API token), administrators, or a customer token. */
export type Access = 'public' | 'agent' | 'administrator' | 'customer';

export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  readonly method: HttpMethod;
  /** Express-style path under /api/v1, e.g. `/tickets/:id/replies`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Absent for endpoints that stream a file. */
  readonly response?: R;
  readonly status?: 200 | 201 | 202 | 204;
  /** Errors this endpoint is known to answer with, besides validation and auth. */
  readonly errors?: readonly string[];
  readonly contentType?: 'application/json' | 'multipart/form-data';
}

export function endpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, const A extends Access>(
  e: Endpoint<P, Q, B, R, A>,
): Endpoint<P, Q, B, R, A> {
  return e;
}

export type ParamsOf<E> = E extends Endpoint<infer P, z.ZodType, z.ZodType, z.ZodType, Access> ? z.output<P> : never;
export type QueryOf<E> = E extends Endpoint<z.ZodType, infer Q, z.ZodType, z.ZodType, Access> ? z.output<Q> : never;
export type BodyOf<E> = E extends Endpoint<z.ZodType, z.ZodType, infer B, z.ZodType, Access> ? z.output<B> : never;
export type BodyInputOf<E> = E extends Endpoint<z.ZodType, z.ZodType, infer B, z.ZodType, Access> ? z.input<B> : never;
export type ResponseOf<E> = E extends Endpoint<z.ZodType, z.ZodType, z.ZodType, infer R, Access> ? z.output<R> : never;
