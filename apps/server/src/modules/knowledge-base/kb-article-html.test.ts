import { describe, expect, it } from 'vitest';
import { articleText, referencedFileIds, sanitizeArticleHtml } from './kb-article-html.js';

const OWN = '0b7e4c4e-0000-4000-8000-000000000001';
const OTHER = '0b7e4c4e-0000-4000-8000-000000000002';
const usable = (id: string) => id === OWN;

describe('an article body on save', () => {
  it('keeps structure, tables and code', () => {
    const html = '<h2>Стъпки</h2><ol><li>Едно</li></ol><table><tr><th>a</th><td>b</td></tr></table><pre><code>x &lt; y</code></pre>';
    expect(sanitizeArticleHtml(html, usable, 'https://help.example').html).toBe('<h2>Стъпки</h2><ol><li>Едно</li></ol><table><tr><th>a</th><td>b</td></tr></table><pre><code>x &lt; y</code></pre>');
  });

  it('shows only its own uploaded pictures, at their public address, and names them', () => {
    const html = `<img src="/help/files/${OWN}" alt="a"><img src='attachment:${OTHER}'><img src="https://tracker.example/p.gif"><img src="/api/v1/attachments/${OWN}">`;
    const out = sanitizeArticleHtml(html, usable, 'https://help.example');
    expect(out.fileIds).toEqual([OWN]);
    expect(out.html).toContain(`<img src="/help/files/${OWN}" alt="a" />`);
    expect(out.html).not.toContain(OTHER);
    expect(out.html).not.toContain('tracker.example');
    expect(out.html).not.toContain('/api/v1/attachments');
    expect(referencedFileIds(html).sort()).toEqual([OWN, OTHER].sort());
  });

  it('makes links to help pages absolute and drops script links and handlers', () => {
    const out = sanitizeArticleHtml('<a href="/help/bg/друга">друга</a><a href="javascript:alert(1)">x</a><p onclick="alert(1)">p</p><script>alert(1)</script>', usable, 'https://help.example').html;
    expect(out).toContain('<a href="https://help.example/help/bg/друга" target="_blank" rel="noopener noreferrer">друга</a>');
    expect(out).not.toMatch(/javascript:|onclick|<script/i);
  });

  it('reads as text for search and previews, without markup or picture names', () => {
    expect(articleText('<h2>Заглавие</h2><p>Текст <b>с</b> <a href="https://x.example">връзка</a></p><img alt="картинка" src="x"><style>p{color:red}</style>')).toBe('Заглавие\n\nТекст с връзка');
  });
});
