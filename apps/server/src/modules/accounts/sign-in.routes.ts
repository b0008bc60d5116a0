import { api, type SessionDto, type TwoFactorChallenge } from '@parley/protocol';
import type { Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { sessionClient, setSessionCookie } from '../agents/auth.routes.js';
import { checkPassword } from '../agents/auth.service.js';
import { beginSession, completeTwoFactorSignIn, type SignInOutcome } from './pending-sign-in.service.js';

/** A session goes into the cookie; a two-factor challenge is answered as it is, and sets no cookie. */
export function signedIn(app: AppContext, res: Response, outcome: SignInOutcome): SessionDto | TwoFactorChallenge {
  if (outcome.kind === 'challenge') return outcome.challenge;
  setSessionCookie(app, res, outcome.token);
  return outcome.session;
}

export function registerSignInRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.signIn, async ({ scope, body, req, res }) => {
    const agent = await checkPassword(scope, body, sessionClient(req));
    return signedIn(app, res, await beginSession(scope, agent, sessionClient(req)));
  });
  mount(router, app, api.completeTwoFactorSignIn, async ({ scope, body, req, res }) => {
    const { token, session } = await completeTwoFactorSignIn(scope, body, sessionClient(req));
    setSessionCookie(app, res, token);
    return session;
  });
}
