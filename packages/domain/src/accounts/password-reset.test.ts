import { describe, expect, it } from 'vitest';
import { passwordResetMail } from './password-reset-mail.js';
import { canUsePasswordReset, mayResetPassword, passwordResetExpiresAt } from './password-reset.js';

describe('password reset', () => {
  const issued = new Date('2026-12-01T10:00:00Z');
  const expires = passwordResetExpiresAt(issued);

  it('lasts one hour', () => {
    expect(expires.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    const agent = { active: true, invitationExpiresAt: null, passwordResetExpiresAt: expires };
    expect(canUsePasswordReset(agent, new Date('2026-12-01T10:59:59Z'))).toBe(true);
    expect(canUsePasswordReset(agent, expires)).toBe(false);
  });

  it('is not for deactivated agents, invited agents, or without a pending link', () => {
    const at = new Date('2026-12-01T10:30:00Z');
    expect(canUsePasswordReset({ active: false, passwordResetExpiresAt: expires }, at)).toBe(false);
    expect(canUsePasswordReset({ active: true, invitationExpiresAt: expires, passwordResetExpiresAt: expires }, at)).toBe(false);
    expect(canUsePasswordReset({ active: true, passwordResetExpiresAt: null }, at)).toBe(false);
    expect(mayResetPassword({ active: true, invitationExpiresAt: expires })).toBe(false);
  });

  it('writes the letter in the agent language, English otherwise', () => {
    expect(passwordResetMail('lv', { name: 'Anna', url: 'https://x/reset-password?token=t' })).toMatchObject({ subject: 'Atjaunojiet savu Parley paroli' });
    const en = passwordResetMail('xx', { name: 'Anna', url: 'https://x/reset-password?token=t' });
    expect(en.text).toContain('https://x/reset-password?token=t');
    expect(en.text).toContain('Hello Anna');
  });
});
