import { describe, expect, it } from 'vitest';
import { createAppI18n, switchLocale } from './index';

describe('messages', () => {
  it('load a language on demand and resolve error codes that contain a slash', async () => {
    const i18n = createAppI18n('en');
    await switchLocale(i18n.global, 'lv');
    const { t, te } = i18n.global;
    expect(te('errors.auth/invalid_credentials')).toBe(true);
    expect(t('errors.auth/invalid_credentials')).toBe('E-pasts vai parole ir nepareiza.');
    expect(te('errors.no/such_code')).toBe(false);
  });

  it('interpolate named values', async () => {
    const i18n = createAppI18n('en');
    await switchLocale(i18n.global, 'lv');
    expect(i18n.global.t('setup.tooShort', { count: 10 })).toContain('10');
  });
});
