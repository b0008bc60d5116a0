import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { markQuotedHtml } from '../../src/modules/email-view/quoted-html.js';
import { BLOCKED_IMAGE_ATTRIBUTE, type SanitizeOptions, sanitizeEmailHtml } from '../../src/modules/email-view/sanitize-email-html.js';
import { corporaDir } from '../helpers/corpora.js';

const corpora = corporaDir();
const blocked: SanitizeOptions = { images: 'blocked', cidUrl: (cid) => (cid === 'logo@example.com' ? '/api/v1/attachments/0b7e4c4e-0000-4000-8000-000000000001' : null) };
const allowed: SanitizeOptions = { ...blocked, images: 'allowed' };

const URL_ATTRIBUTES = ['href', 'src', 'xlink:href', 'formaction', 'action', 'background', 'poster', 'cite', 'srcset', 'data', 'lowsrc', 'dynsrc'];
const FORBIDDEN_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'form', 'meta', 'link', 'applet', 'svg', 'math', 'input', 'button', 'textarea', 'select', 'isindex', 'template', 'noscript']);

/** Every property SOURCES.md asks of a sanitized letter; returns what is wrong (empty when safe). */
function unsafeParts(html: string, options: SanitizeOptions): string[] {
  const problems: string[] = [];
  const document = parseDocument(html, { lowerCaseAttributeNames: true, lowerCaseTags: true });
  for (const el of DomUtils.findAll(() => true, document.children)) {
    if (FORBIDDEN_ELEMENTS.has(el.name)) problems.push(`<${el.name}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`${name}= on <${el.name}>`);
      if (URL_ATTRIBUTES.includes(name)) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore control characters inside a URL scheme, so the check must too
        const v = value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(v)) problems.push(`${name}=${value}`);
        if (v.startsWith('data:') && !/^data:image\/(png|jpeg|jpg|gif|webp|bmp);/.test(v)) problems.push(`${name}=${value.slice(0, 40)}`);
        if (options.images === 'blocked' && el.name === 'img' && name === 'src' && /^(https?:)?\/\//.test(v)) problems.push(`remote image ${value}`);
      }
      if (name === 'style' && /expression\(|behavior:|-moz-binding|url\(\s*['"]?\s*javascript:/i.test(value)) problems.push(`style=${value}`);
      if (name === 'style' && options.images === 'blocked' && /url\(\s*['"]?\s*(https?:)?\/\//i.test(value)) problems.push(`remote CSS ${value}`);
    }
    if (el.name === 'a' && el.attribs.href !== undefined && (el.attribs.target !== '_blank' || el.attribs.rel !== 'noopener noreferrer')) problems.push('link without target/rel');
    if (el.type === ElementType.Style) {
      const css = DomUtils.textContent(el);
      if (/@import|expression\(|javascript:|behavior:|-moz-binding/i.test(css)) problems.push(`<style>${css.slice(0, 60)}`);
      if (options.images === 'blocked' && /url\(\s*['"]?\s*(https?:)?\/\//i.test(css)) problems.push(`remote CSS in <style>`);
    }
  }
  // The plain-string checks the brief names, on top of the parsed ones.
  if (/<script/i.test(html)) problems.push('<script');
  if (/<(iframe|object|embed|form|base|meta)\b/i.test(html)) problems.push('forbidden tag text');
  return problems;
}

function vectors(): { name: string; payload: string }[] {
  if (!corpora) return [];
  const dompurify = JSON.parse(readFileSync(join(corpora, 'dompurify', 'expect.json'), 'utf8')) as { title: string; payload: string }[];
  const h5sc = JSON.parse(readFileSync(join(corpora, 'html5sec', 'items.json'), 'utf8')) as { id: number; name: string; payload: string }[];
  const owasp = JSON.parse(readFileSync(join(corpora, 'owasp-xss', 'payloads.json'), 'utf8')) as { heading: string; payload: string }[];
  return [
    ...dompurify.map((v, i) => ({ name: `dompurify ${i}: ${v.title}`, payload: v.payload })),
    ...h5sc.map((v) => ({ name: `html5sec ${v.id}: ${v.name}`, payload: v.payload })),
    ...owasp.map((v, i) => ({ name: `owasp ${i}: ${v.heading}`, payload: v.payload })),
  ];
}

describe.skipIf(!corpora)('the email sanitizer over the hostile corpora (DOMPurify, H5SC, OWASP)', () => {
  const all = vectors();

  it('has the corpora it expects', () => {
    expect(all.length).toBeGreaterThan(400);
  });

  it('has checks that catch the vectors before sanitizing (so a pass means something)', () => {
    const caught = all.filter((v) => unsafeParts(v.payload, blocked).length > 0);
    expect(caught.length).toBeGreaterThan(all.length * 0.6);
  });

  it.each([
    ['blocked', blocked],
    ['allowed', allowed],
  ] as const)('leaves nothing that runs, embeds or submits, images %s', (_label, options) => {
    const failures: string[] = [];
    for (const vector of all) {
      const out = sanitizeEmailHtml(vector.payload, options).html;
      const problems = unsafeParts(out, options);
      if (problems.length > 0) failures.push(`${vector.name}: ${problems.join(', ')}\n  out: ${out.slice(0, 200)}`);
      // And after the quote marking re-serializes it, as the route answers it.
      const marked = markQuotedHtml(out).html;
      const markedProblems = unsafeParts(marked, options);
      if (markedProblems.length > 0) failures.push(`${vector.name} (marked): ${markedProblems.join(', ')}`);
      // Inside a letter (wrapped as mail clients do) as well as bare.
      const wrapped = sanitizeEmailHtml(`<html><head><title>x</title></head><body><div>${vector.payload}</div></body></html>`, options).html;
      const wrappedProblems = unsafeParts(wrapped, options);
      if (wrappedProblems.length > 0) failures.push(`${vector.name} (wrapped): ${wrappedProblems.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('is stable: sanitizing the output again changes nothing', () => {
    const unstable = all.filter((v) => {
      const once = sanitizeEmailHtml(v.payload, allowed).html;
      return sanitizeEmailHtml(once, allowed).html !== once;
    });
    expect(unstable.map((v) => v.name)).toEqual([]);
  });
});

describe('sanitizeEmailHtml', () => {
  it('keeps ordinary letter formatting', () => {
    const html = '<table cellpadding="4"><tr><td style="color:#333;font-family:Arial">Hello <b>Ann</b>,<br>see <a href="https://example.com/x">this</a>.</td></tr></table>';
    const out = sanitizeEmailHtml(html, blocked).html;
    expect(out).toContain('<td style="color:#333;font-family:Arial">Hello <b>Ann</b>,<br />see ');
    expect(out).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">this</a>');
  });

  it('rewrites cid: images to the attachment download URL, in both quoting styles and with angle brackets', () => {
    const out = sanitizeEmailHtml('<img src="cid:logo@example.com" alt="Logo"><img src=\'CID:%3Clogo@example.com%3E\'><img src="cid:unknown@x">', blocked);
    expect(out.html).toContain('<img src="/api/v1/attachments/0b7e4c4e-0000-4000-8000-000000000001" alt="Logo" />');
    expect(out.html.match(/\/api\/v1\/attachments\//g)).toHaveLength(2);
    // An unknown cid is no remote image: no placeholder count, no src.
    expect(out.html).toContain('<img />');
    expect(out.blockedImages).toBe(0);
  });

  it('replaces remote images with a placeholder unless they are allowed, and counts them', () => {
    const html = '<img src="https://tracker.example/p.gif" alt="pixel" width="1"><img src="http://old.example/a.png"><p style="background:url(https://tracker.example/bg.png) no-repeat">x</p>';
    const out = sanitizeEmailHtml(html, blocked);
    expect(out.html).not.toContain('tracker.example');
    expect(out.html).not.toContain('old.example');
    expect(out.html).toContain(`<img alt="pixel" width="1" ${BLOCKED_IMAGE_ATTRIBUTE} />`);
    expect(out.html).toContain('background:none no-repeat');
    expect(out.blockedImages).toBe(3);

    const shown = sanitizeEmailHtml(html, allowed);
    expect(shown.html).toContain('<img src="https://tracker.example/p.gif" alt="pixel" width="1" />');
    expect(shown.html).toContain("url('https://tracker.example/bg.png')");
    // Plain http stays blocked even when allowed: the frame's policy would refuse it anyway.
    expect(shown.html).not.toContain('http://old.example');
    expect(shown.blockedImages).toBe(1);
  });

  it('keeps data: images of raster types only', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeEmailHtml(`<img src="${png}">`, blocked).html).toContain(`src="${png}"`);
    expect(sanitizeEmailHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">', blocked).html).toBe('<img />');
    expect(sanitizeEmailHtml('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', blocked).html).toBe('<a target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('cleans <style> blocks: remote urls withheld, imports and expressions dropped', () => {
    const out = sanitizeEmailHtml('<style>.a{background:url("https://t.example/x.png")} p{color:red}</style><style>@import url(https://t.example/x.css);</style><p class="a">x</p>', blocked);
    expect(out.html).toContain('<style>.a{background:none} p{color:red}</style>');
    expect(out.html).not.toContain('@import');
    expect(out.blockedImages).toBe(1);
  });

  it('drops relative and protocol-relative links, which would resolve against the console', () => {
    const out = sanitizeEmailHtml('<a href="/api/v1/tickets/1/resolve">a</a><a href="//evil.example">b</a><a href="mailto:ann@example.com">c</a>', blocked).html;
    expect(out).not.toContain('/api/v1/tickets');
    expect(out).not.toContain('evil.example');
    expect(out).toContain('href="mailto:ann@example.com"');
  });
});
