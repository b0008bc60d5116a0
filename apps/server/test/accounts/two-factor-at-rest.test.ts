import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealPlaintextTotpSecrets } from '../../src/modules/accounts/two-factor.service.js';
import { Agent } from '../../src/modules/agents/agent.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from '../helpers/create-test-app.js';

const PASSWORD = 'agent password 123';

/**
 * Audit finding: two-factor secrets lay in the database as they are, so a copy of it (a backup, a dump) gave
 * anyone every agent's codes. They are sealed now, bound to their agent; recovery codes can be renewed.
 */
describeEachDatabase('two-factor secrets at rest, and renewing recovery codes', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-12-05T08:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  const codeFor = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() });
  const stored = async (id: number) => t.app.orm.em.fork().findOneOrFail(Agent, { id }, { fields: ['totpSecret', 'totpPendingSecret'] });

  async function signsInWith(email: string, code: string): Promise<boolean> {
    const browser = t.client();
    const first = await browser.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
    const second = await browser.post('/api/v1/auth/sign-in/two-factor', { pendingToken: first.body.pendingToken, code });
    return second.status === 200;
  }

  it('keeps the pending and the active secret sealed, never as they are', async () => {
    const agent = await t.agent({});
    const started = await agent.http.post('/api/v1/auth/two-factor/enrolment');
    const secret = started.body.secret as string;
    const pending = (await stored(agent.id)).totpPendingSecret!;
    expect(pending).toMatch(/^v1:/);
    expect(pending).not.toContain(secret);
    expect((await agent.http.post('/api/v1/auth/two-factor/enrolment/confirm', { code: codeFor(secret) })).status).toBe(200);
    const active = (await stored(agent.id)).totpSecret!;
    expect(active).toMatch(/^v1:/);
    expect(active).not.toContain(secret);
    clock.advance(30_000);
    expect(await signsInWith(agent.email, codeFor(secret))).toBe(true);

    // A sealed secret copied onto another agent's row opens for nobody.
    const other = await t.agent({});
    await t.app.orm.em.fork().nativeUpdate(Agent, { id: other.id }, { totpSecret: active, totpEnabledAt: clock.now() });
    clock.advance(30_000);
    expect(await signsInWith(other.email, codeFor(secret))).toBe(false);
  });

  it('seals a secret an older version kept in plain text, at start, and it still signs in', async () => {
    const agent = await t.agent({});
    const secret = new Secret({ size: 20 }).base32;
    await t.app.orm.em.fork().nativeUpdate(Agent, { id: agent.id }, { totpSecret: secret, totpEnabledAt: clock.now() });
    expect(await sealPlaintextTotpSecrets(t.app.context)).toBeGreaterThanOrEqual(1);
    expect((await stored(agent.id)).totpSecret).toMatch(/^v1:/);
    expect(await sealPlaintextTotpSecrets(t.app.context)).toBe(0);
    clock.advance(30_000);
    expect(await signsInWith(agent.email, codeFor(secret))).toBe(true);
  });

  it('renews the recovery codes with the password and a current code; the old ones stop working', async () => {
    const agent = await t.agent({});
    const secret = (await agent.http.post('/api/v1/auth/two-factor/enrolment')).body.secret as string;
    const old = (await agent.http.post('/api/v1/auth/two-factor/enrolment/confirm', { code: codeFor(secret) })).body.recoveryCodes as string[];
    clock.advance(30_000);

    const wrongPassword = await agent.http.post('/api/v1/auth/two-factor/recovery-codes', { password: 'not it at all', code: codeFor(secret) });
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([401, 'auth/invalid_credentials']);
    const renewed = await agent.http.post('/api/v1/auth/two-factor/recovery-codes', { password: PASSWORD, code: codeFor(secret) });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(renewed.body.recoveryCodes).not.toEqual(old);

    expect(await signsInWith(agent.email, old[0]!)).toBe(false);
    expect(await signsInWith(agent.email, renewed.body.recoveryCodes[0])).toBe(true);
    const audit = (await t.admin.get('/api/v1/audit-log?action=agent.recovery_codes_regenerated')).body.items;
    expect(audit[0]).toMatchObject({ target: { type: 'agent', id: agent.id } });
  });
});
