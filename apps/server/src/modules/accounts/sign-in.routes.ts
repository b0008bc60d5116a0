import { api, type SessionDto, type TwoFactorChallenge } from '@parley/protocol';
import type { Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { sessionClient, setKnownDeviceCookie, setSessionCookie } from '../agents/auth.routes.js';
import { checkPassword } from '../agents/auth.service.js';
import { KNOWN_DEVICE_COOKIE } from '../agents/known-devices.js';
import { beginSession, completeTwoFactorSignIn, type SignInOutcome } from './pending-sign-in.service.js';

/** A session goes into the cookie; a two-factor challenge is answered as it is, and sets no cookie. */
export function signedIn(app: AppContext, res: Response, outcome: SignInOutcome): SessionDto | TwoFactorChallenge {
  if (outcome.kind === 'challenge') return outcome.challenge;
  setSessionCookie(app, res, outcome.token);
  return outcome.session;
}

export function registerSignInRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.signIn, async ({ scope, body, req, res }) => {
    const deviceCookie = (req.cookies as Record<string, string> | undefined)?.[KNOWN_DEVICE_COOKIE] ?? null;
    const { agent, knownDevice } = await checkPassword(scope, body, sessionClient(req), deviceCookie);
    const answer = signedIn(app, res, await beginSession(scope, agent, sessionClient(req)));
    // A browser that signed in is a known device for the account-wide limit; one still owing the code is not yet.
    if (!('twoFactorRequired' in answer)) setKnownDeviceCookie(app, res, knownDevice);
    return answer;
  });
  mount(router, app, api.completeTwoFactorSignIn, async ({ scope, body, req, res }) => {
    const { token, session } = await completeTwoFactorSignIn(scope, body, sessionClient(req));
    setSessionCookie(app, res, token);
    setKnownDeviceCookie(app, res, app.knownDevices.issue(session.agent.id, app.clock.now()));
    return session;
  });
}
