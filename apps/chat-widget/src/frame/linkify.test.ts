// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderBody } from './linkify';

function render(body: string): HTMLElement {
  const container = document.createElement('p');
  container.append(renderBody(document, body));
  return container;
}

describe('renderBody', () => {
  it('keeps HTML as text: nothing in a message becomes markup', () => {
    const body = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    const p = render(body);
    expect(p.querySelector('img, script, b')).toBeNull();
    expect(p.textContent).toBe(body);
    expect(p.childNodes).toHaveLength(1);
  });

  it('turns http and https links into safe anchors, and leaves the surrounding text as text', () => {
    const p = render('See https://example.com/a?b=1&c=2, or http://x.example/path. Thanks!');
    const links = [...p.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1&c=2', 'http://x.example/path']);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect(p.textContent).toBe('See https://example.com/a?b=1&c=2, or http://x.example/path. Thanks!');
  });

  it('links no other scheme, and cannot be tricked into markup through a link', () => {
    const p = render('javascript:alert(1) data:text/html,<b>x</b> https://ok.example/"><img src=x onerror=alert(1)>');
    const links = [...p.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.example/']);
    expect(p.querySelector('img, b')).toBeNull();
    expect(p.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
