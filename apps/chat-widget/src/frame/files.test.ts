import { describe, expect, it } from 'vitest';
import { chatMessages } from '../i18n/frame/all';
import { bodyForFiles, fill, formatSize, isThumbnail, uploadProblem } from './files';

const en = chatMessages.en;

describe('visitor files', () => {
  it('refuses an oversized file before uploading it, in the visitor\'s language', () => {
    expect(uploadProblem(en, 'en', 10 * 1024 * 1024, { size: 11 * 1024 * 1024 })).toBe('The file is too large. The limit is 10 MB.');
    expect(uploadProblem(chatMessages.lv, 'lv', 2048, { size: 4096 })).toBe('Fails ir pārāk liels. Ierobežojums ir 2 kB.');
    expect(uploadProblem(en, 'en', 2048, { size: 2048 })).toBeNull();
  });

  it('explains each refusal of the server', () => {
    expect(uploadProblem(en, 'en', 1024 * 1024, { code: 'attachment/too_large' })).toContain('1 MB');
    expect(uploadProblem(en, 'en', 1024, { code: 'attachment/type_not_allowed' })).toBe(en.fileType);
    expect(uploadProblem(en, 'en', 1024, { code: 'request/rate_limited' })).toBe(en.fileRateLimited);
    expect(uploadProblem(en, 'en', 1024, { code: 'server/internal' })).toBe(en.fileFailed);
  });

  it('shows only well-known pictures as thumbnails', () => {
    expect(isThumbnail('image/png')).toBe(true);
    expect(isThumbnail('image/svg+xml')).toBe(false);
    expect(isThumbnail('application/pdf')).toBe(false);
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(fill(en.agentTyping, { name: 'Sam' })).toBe('Sam is typing…');
    expect(fill('{a} {b}', { a: '1' })).toBe('1 {b}');
  });

  it('formats sizes and names a message that carries only files', () => {
    expect(formatSize(1536 * 1024, 'en')).toBe('1.5 MB');
    expect(bodyForFiles('  ', [{ filename: 'a.png' }, { filename: 'b.pdf' }])).toBe('a.png, b.pdf');
    expect(bodyForFiles(' hi ', [{ filename: 'a.png' }])).toBe('hi');
  });
});
