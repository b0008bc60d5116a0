import { describe, expect, it } from 'vitest';
import { emailFrameDocument, inlineAttachmentIds } from './email-frame';

describe('emailFrameDocument', () => {
  const html = '<p>Hi</p><div data-parley-quote><p>old</p></div>';

  it('forbids everything but our images and inline styles, and hides the quote', () => {
    const doc = emailFrameDocument({ html, origin: 'https://help.example', remoteImages: false, showQuoted: false });
    expect(doc).toContain(`content="default-src 'none'; img-src https://help.example data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`);
    expect(doc).toContain('[data-parley-quote]{display:none !important}');
    expect(doc).toContain(`<body>${html}</body>`);
  });

  it('lets https images in only once remote images are allowed, and shows the quote when asked', () => {
    const doc = emailFrameDocument({ html, origin: 'https://help.example', remoteImages: true, showQuoted: true });
    expect(doc).toContain('img-src https://help.example data: https:;');
    expect(doc).not.toContain('[data-parley-quote]{display:none');
  });
});

describe('inlineAttachmentIds', () => {
  it('finds the attachments the HTML shows in place', () => {
    const a = '0b7e4c4e-0000-4000-8000-000000000001';
    expect(inlineAttachmentIds(`<img src="/api/v1/attachments/${a}"><a href="https://x.example/api">x</a>`)).toEqual(new Set([a]));
    expect(inlineAttachmentIds('<p>none</p>').size).toBe(0);
  });
});
