import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, isLocale, pickLocale } from './locale';

describe('pickLocale', () => {
  it('takes the first supported language, ignoring region and case', () => {
    expect(pickLocale(['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(pickLocale(['UK-ua'])).toBe('uk');
    expect(pickLocale(['lv_LV'])).toBe('lv');
  });

  it('skips empty candidates and falls back to English', () => {
    expect(pickLocale([null, undefined, '', 'fr'])).toBe(DEFAULT_LOCALE);
    expect(pickLocale([])).toBe('en');
  });
});

describe('isLocale', () => {
  it('accepts only the supported codes', () => {
    expect(isLocale('el')).toBe(true);
    expect(isLocale('el-GR')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
