// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { articleReplyText } from './article-text';

describe('articleReplyText', () => {
  it('keeps headings, paragraphs and lists on lines of their own, and a link\'s address after its words', () => {
    const html =
      '<h2>Стъпки</h2><p>Отворете <strong>Профил</strong> и изберете <a href="https://help.example/help/bg/parola" target="_blank">паролата</a>.</p>' +
      '<ul><li><p>Първо</p></li><li><p>Второ</p></li></ul><ol><li><p>едно</p></li><li><p>две</p></li></ol><p>Пишете на <a href="mailto:help@example.com">help@example.com</a><br>или звънете.</p>';
    expect(articleReplyText('Смяна на паролата', html)).toBe(
      [
        'Смяна на паролата',
        '',
        'Стъпки',
        '',
        'Отворете Профил и изберете паролата (https://help.example/help/bg/parola).',
        '',
        '- Първо',
        '- Второ',
        '',
        '1. едно',
        '2. две',
        '',
        'Пишете на help@example.com',
        'или звънете.',
      ].join('\n'),
    );
  });

  it('writes tables row by row, keeps code as written and leaves pictures out', () => {
    const html =
      '<p>Настройки:</p><img src="/help/files/0b0f6e3c-5a53-4f0e-9a53-0c3f0e1b2a44" alt="екран"><table><tbody><tr><th><p>Поле</p></th><th><p>Стойност</p></th></tr><tr><td><p>Порт</p></td><td><p>587</p></td></tr></tbody></table>' +
      '<pre><code>ping  example.com\nexit</code></pre><p>Готово.</p>';
    expect(articleReplyText('Поща', html)).toBe(['Поща', '', 'Настройки:', '', 'Поле | Стойност', 'Порт | 587', '', 'ping  example.com', 'exit', '', 'Готово.'].join('\n'));
  });

  it('runs nothing from the body it reads', () => {
    const text = articleReplyText('T', '<p>a<script>globalThis.ran = true</script></p><img src=x onerror="globalThis.ran = true">');
    expect(text).toBe('T\n\na');
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
  });
});
