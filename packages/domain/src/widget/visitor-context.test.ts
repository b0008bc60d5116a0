import { describe, expect, it } from 'vitest';
import { isTimeZoneName, recordPageVisit } from './visitor-context.js';

describe('recordPageVisit', () => {
  const page = (url: string, at = '2026-01-01T00:00:00.000Z') => ({ url, at });

  it('appends a new page', () => {
    expect(recordPageVisit([page('/a')], page('/b'))).toEqual([page('/a'), page('/b')]);
  });

  it('updates the newest entry when the same address comes again', () => {
    const later = { url: '/a', title: 'A', at: '2026-01-01T00:01:00.000Z' };
    expect(recordPageVisit([page('/a')], later)).toEqual([later]);
  });

  it('keeps only the newest pages', () => {
    const pages = Array.from({ length: 20 }, (_, i) => page(`/${i}`));
    const next = recordPageVisit(pages, page('/new'));
    expect(next).toHaveLength(20);
    expect(next[0]?.url).toBe('/1');
    expect(next.at(-1)?.url).toBe('/new');
  });
});

describe('isTimeZoneName', () => {
  it('accepts IANA names', () => {
    for (const ok of ['Europe/Sofia', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+2']) expect(isTimeZoneName(ok)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'Europe/Sofia; drop', '/etc/passwd', 'a'.repeat(65)]) expect(isTimeZoneName(bad)).toBe(false);
  });
});
