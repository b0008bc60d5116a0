import { type AgentPrincipal, DomainError, ErrorCodes } from '@parley/domain';
import { api, type BodyOf, Empty, type Endpoint, type ParamsOf, type QueryOf, type ResponseOf } from '@parley/protocol';
import type { Request, Response, Router } from 'express';
import type { AppContext, Scope } from '../app-context.js';
import type { Em } from '../db/orm.js';
import {
  type Authenticated,
  authenticateApiToken,
  authenticateSession,
  checkCsrf,
  SESSION_COOKIE,
} from '../modules/agents/auth.service.js';
import { assertStorableInput } from './storable-input.js';

export interface RouteInput<E extends Endpoint> {
  readonly params: ParamsOf<E>;
  readonly query: QueryOf<E>;
  readonly body: BodyOf<E>;
  readonly scope: Scope;
  /** Set for agent and administrator endpoints. */
  readonly auth: Authenticated | null;
  readonly req: Request;
  readonly res: Response;
}

export type AgentRouteInput<E extends Endpoint> = RouteInput<E> & {
  readonly auth: Authenticated;
  readonly scope: Scope & { readonly agent: AgentPrincipal };
};

type Handler<E extends Endpoint> = (
  input: E['access'] extends 'agent' | 'administrator' ? AgentRouteInput<E> : RouteInput<E>,
) => Promise<ResponseOf<E> | typeof SENT>;

/** Returned by a handler that wrote the response itself (a file download). */
export const SENT = Symbol('sent');

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Besides the session's own endpoints: an administrator who owes enrolment can still lift the requirement. */
const OPEN_BEFORE_ENROLMENT: ReadonlySet<Endpoint> = new Set<Endpoint>([api.getSecuritySettings, api.updateSecuritySettings]);

/**
 * Mounts one protocol endpoint: authenticates by the endpoint's access level, checks CSRF on
 * cookie-authenticated writes, refuses text no database could store exactly, validates params, query and
 * body with the endpoint's schemas (unknown fields refused), forks an entity manager for the request, runs
 * the handler and answers with its status.
 */
export function mount<E extends Endpoint>(router: Router, app: AppContext, endpoint: E, handler: Handler<E>): void {
  const validateResponses = process.env.NODE_ENV === 'test';
  router[endpoint.method](endpoint.path, async (req, res) => {
    const em = app.orm.em.fork() as Em;
    let auth: Authenticated | null = null;
    if (endpoint.access === 'agent' || endpoint.access === 'administrator') {
      auth = await authenticate(app, em, req);
      if (!auth) throw new DomainError(ErrorCodes.authRequired, 'Sign in or send an API token.');
      if (UNSAFE.has(req.method)) checkCsrf(auth, req.get('x-csrf-token'));
      // Enforced here, not only by the console: an agent who owes enrolment reaches their session's own endpoints.
      if (auth.mustEnrolTwoFactor && endpoint.tag !== 'Session' && !OPEN_BEFORE_ENROLMENT.has(endpoint)) {
        throw new DomainError(ErrorCodes.authTwoFactorRequired, 'An administrator requires two-factor sign-in: turn it on under Account → Security first.');
      }
      if (endpoint.access === 'administrator' && auth.principal.role !== 'administrator') {
        throw new DomainError(ErrorCodes.authForbidden, 'Only administrators may do this.');
      }
    }
    for (const input of [req.params, req.query, req.body]) assertStorableInput(input);
    const params = endpoint.params ? endpoint.params.parse(req.params) : {};
    const query = endpoint.query ? endpoint.query.parse(req.query) : {};
    const hasBody = req.body !== undefined && !(typeof req.body === 'object' && req.body !== null && Object.keys(req.body).length === 0);
    const streamed = endpoint.contentType === 'multipart/form-data';
    const body = endpoint.body ? endpoint.body.parse(req.body ?? {}) : hasBody && !streamed ? Empty.parse(req.body) : {};
    const origin = { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null, apiTokenId: auth?.tokenId ?? null };
    const scope: Scope = { app, em, agent: auth?.principal ?? null, origin };
    const result = await handler({ params, query, body, scope, auth, req, res } as never);
    if (result === SENT) return;
    if (validateResponses && endpoint.response) endpoint.response.parse(result);
    res.status((res.locals.status as number | undefined) ?? endpoint.status ?? 200).json(result);
  });
}

async function authenticate(app: AppContext, em: Em, req: Request): Promise<Authenticated | null> {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ? authenticateApiToken(app, em, match[1]) : null;
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie ? authenticateSession(app, em, cookie) : null;
}

/** The bearer token of a request, for customer endpoints that resolve it against one ticket. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}
