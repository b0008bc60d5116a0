import { describe, expect, it } from 'vitest';
import { bodyPreview, THREAD_BODY_PREVIEW_LENGTH } from './body-preview.js';

describe('bodyPreview', () => {
  it('keeps a body within the limit whole', () => {
    expect(bodyPreview('Hello 😀')).toEqual({ body: 'Hello 😀', truncated: false, fullLength: 7 });
  });

  it('cuts a long body between characters and reports its whole length', () => {
    const body = `${'x'.repeat(THREAD_BODY_PREVIEW_LENGTH - 1)}🇧🇬${'y'.repeat(10)}`;
    const preview = bodyPreview(body);
    expect(preview).toMatchObject({ truncated: true, fullLength: THREAD_BODY_PREVIEW_LENGTH + 11 });
    expect(preview.body).toBe('x'.repeat(THREAD_BODY_PREVIEW_LENGTH - 1));
  });

  it('cuts a 30 MB body quickly', () => {
    const body = 'Привет, мир. 👋🏽 '.repeat(2_000_000);
    const started = Date.now();
    const preview = bodyPreview(body);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(preview.body.isWellFormed()).toBe(true);
    expect(body.startsWith(preview.body)).toBe(true);
  });
});
