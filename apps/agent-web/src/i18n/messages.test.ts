import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { messages } from './index';

describe('messages', () => {
  const i18n = createI18n({ legacy: false, locale: 'lv', fallbackLocale: 'en', messages, missingWarn: false, fallbackWarn: false });
  const { t, te } = i18n.global;

  it('resolve error codes that contain a slash', () => {
    expect(te('errors.auth/invalid_credentials')).toBe(true);
    expect(t('errors.auth/invalid_credentials')).toBe('E-pasts vai parole ir nepareiza.');
    expect(te('errors.no/such_code')).toBe(false);
  });

  it('interpolate named values', () => {
    expect(t('home.signedInAs', { name: 'Anna' })).toBe('Jūs esat pieteicies kā Anna.');
    expect(t('setup.tooShort', { count: 10 })).toContain('10');
  });
});
