// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { articleBody } from './article-body';

const html = (fragment: DocumentFragment) => {
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
};

describe('articleBody', () => {
  it('keeps the article\'s markup and opens every link in a new tab that cannot reach the frame', () => {
    const out = html(articleBody(document, '<h2>Стъпки</h2><ol><li>Едно</li></ol><p><a href="https://help.example/help/bg/drugo">друго</a> <img src="/help/files/1" alt="екран"></p>'));
    expect(out).toBe('<h2>Стъпки</h2><ol><li>Едно</li></ol><p><a href="https://help.example/help/bg/drugo" target="_blank" rel="noopener noreferrer">друго</a> <img src="/help/files/1" alt="екран"></p>');
  });

  it('drops event handlers, script addresses, scripts and forms should the stored HTML ever hold them', () => {
    const out = html(articleBody(document, '<p onclick="x()">a</p><a href=" java\tscript:alert(1)">b</a><img src="x" onerror="x()"><script>x()</script><form><input></form>'));
    expect(out).not.toMatch(/onclick|onerror|script|<form|<input/i);
    expect(out).toContain('<p>a</p>');
  });
});
