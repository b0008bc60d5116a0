import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/parse-email.js';
import { markQuotedHtml } from '../../src/modules/email-view/quoted-html.js';
import { sanitizeEmailHtml } from '../../src/modules/email-view/sanitize-email-html.js';
import { corporaDir } from '../helpers/corpora.js';

const corpora = corporaDir();
const zammad = corpora ? join(corpora, 'zammad') : null;
const letters = zammad
  ? ['mail', 'mail-upstream'].flatMap((dir) => readdirSync(join(zammad, dir)).filter((f) => f.endsWith('.box')).map((f) => join(zammad, dir, f)))
  : [];

const words = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 3);

/**
 * Real letters from Outlook, Apple Mail, Lotus, Gmail and others (Zammad's corpus): what an agent reads must
 * survive the sanitizer, every inline image the HTML references must point at its attachment, and the quote
 * marking must leave the letter's own words outside the fold.
 */
describe.skipIf(!zammad)('real-world HTML letters (shared/corpora/zammad)', () => {
  it('keeps the readable text of every HTML letter', async () => {
    const lost: string[] = [];
    let html = 0;
    for (const path of letters) {
      const parsed = await parseEmail(readFileSync(path));
      if (!parsed.html) continue;
      html++;
      const before = words(parsed.html);
      const after = new Set(words(sanitizeEmailHtml(parsed.html, { images: 'blocked', cidUrl: () => null }).html));
      const kept = before.filter((w) => after.has(w)).length;
      // Words inside <script>, <title>, <head> and comments go, on purpose; the body's words stay.
      if (before.length > 20 && kept / before.length < 0.8) lost.push(`${path}: kept ${kept}/${before.length}`);
    }
    expect(html).toBeGreaterThan(40);
    expect(lost).toEqual([]);
  });

  it('points every referenced cid: image at its attachment', async () => {
    let referenced = 0;
    for (const path of letters) {
      const parsed = await parseEmail(readFileSync(path));
      if (!parsed.html || !/cid:/i.test(parsed.html)) continue;
      const ids = new Map(parsed.attachments.filter((a) => a.contentId).map((a, i) => [a.contentId!.toLowerCase(), `/api/v1/attachments/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]));
      const out = sanitizeEmailHtml(parsed.html, { images: 'blocked', cidUrl: (cid) => ids.get(cid.toLowerCase()) ?? null }).html;
      const wanted = parsed.attachments.filter((a) => a.inline && a.contentId && /^image\//.test(a.contentType));
      for (const part of wanted) {
        referenced++;
        expect(out, `${path} ${part.contentId}`).toContain(ids.get(part.contentId!.toLowerCase()));
      }
      // (`cid:` may still appear inside a link's query string: only image sources count.)
      expect(out, path).not.toMatch(/src="cid:/i);
    }
    expect(referenced).toBeGreaterThan(5);
  });

  it('marks quotes without swallowing whole letters', async () => {
    let quoted = 0;
    for (const path of letters) {
      const parsed = await parseEmail(readFileSync(path));
      if (!parsed.html) continue;
      const marked = markQuotedHtml(sanitizeEmailHtml(parsed.html, { images: 'blocked', cidUrl: () => null }).html);
      if (!marked.quoted) continue;
      quoted++;
      const outside = marked.html.split('<div data-parley-quote>')[0] ?? '';
      expect(words(outside).length, path).toBeGreaterThan(0);
    }
    // Most of the corpus is first letters; on 2026-11-30 three of its HTML letters carried a quote we recognise.
    expect(quoted).toBeGreaterThanOrEqual(3);
  });
});
