import { describe, expect, it } from 'vitest';
import { markQuotedHtml, QUOTE_ATTRIBUTE } from '../../src/modules/email-view/quoted-html.js';

/** The text inside the fold and outside it. */
function split(html: string): { main: string; quoted: string } {
  const marked = markQuotedHtml(html).html;
  const start = marked.indexOf(`<div ${QUOTE_ATTRIBUTE}`);
  const strip = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
  return start < 0 ? { main: strip(marked), quoted: '' } : { main: strip(marked.slice(0, start)), quoted: strip(marked.slice(start)) };
}

describe('markQuotedHtml', () => {
  it('folds Gmail quotes (gmail_quote with its attribution inside)', () => {
    const html = '<div dir="ltr">Still broken.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, 3 May 2026 at 10:00, Help &lt;help@example.com&gt; wrote:<br></div><blockquote class="gmail_quote">Have you tried?</blockquote></div>';
    expect(split(html)).toEqual({ main: 'Still broken.', quoted: 'On Mon, 3 May 2026 at 10:00, Help <help@example.com> wrote: Have you tried?' });
  });

  it('folds Apple Mail / Thunderbird blockquote type=cite with the attribution line above it', () => {
    const html = '<div>Thanks!</div><div><br><div>Am 03.05.2026 um 10:00 schrieb Help &lt;help@example.com&gt;:</div><blockquote type="cite"><div>Have you tried?</div></blockquote></div>';
    expect(split(html)).toEqual({ main: 'Thanks!', quoted: 'Am 03.05.2026 um 10:00 schrieb Help <help@example.com>: Have you tried?' });
  });

  it('folds Outlook on the web from divRplyFwdMsg to the end', () => {
    const html = '<div>Fixed, thanks.</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Help<br><b>Sent:</b> Monday<br></div><div>Have you tried?</div>';
    expect(split(html)).toEqual({ main: 'Fixed, thanks.', quoted: 'From: Help Sent: Monday Have you tried?' });
  });

  it('folds Outlook desktop header blocks (a bordered div starting with From:, Sent:) and what follows', () => {
    const html = '<div class="WordSection1"><p class="MsoNormal">Привет, всё работает.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>От:</b> Help &lt;help@example.com&gt;<br><b>Отправлено:</b> 3 мая 2026 г. 10:00<br><b>Кому:</b> Анна<br><b>Тема:</b> Принтер</p></div><p class="MsoNormal">Вы пробовали?</p></div>';
    expect(split(html)).toEqual({ main: 'Привет, всё работает.', quoted: 'От: Help <help@example.com> Отправлено: 3 мая 2026 г. 10:00 Кому: Анна Тема: Принтер Вы пробовали?' });
  });

  it('folds an <hr> followed by a From: header block', () => {
    const html = '<p>See below.</p><hr><p><b>From:</b> Ann<br><b>Subject:</b> Printer</p><p>It is on fire.</p>';
    expect(split(html)).toEqual({ main: 'See below.', quoted: 'From: Ann Subject: Printer It is on fire.' });
  });

  it('leaves letters without a quote, and letters that are only a quote, unfolded', () => {
    expect(markQuotedHtml('<p>From: the sales team, nothing yet.</p><p>Please call.</p>')).toEqual({ html: '<p>From: the sales team, nothing yet.</p><p>Please call.</p>', quoted: false });
    expect(markQuotedHtml('<div class="gmail_quote">---------- Forwarded message ---------<br>Hello</div>').quoted).toBe(false);
  });
});
