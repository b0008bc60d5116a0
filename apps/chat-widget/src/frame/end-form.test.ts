// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { chatMessages } from '../i18n/frame/all';
import { EndForm } from './end-form';

describe('EndForm', () => {
  it('offers the transcript by email only when the server can send it', () => {
    const form = new EndForm(document, chatMessages.en, { confirm: () => undefined, cancel: () => undefined });
    document.body.append(form.element);
    form.open(false, 'olga@example.com');
    expect(form.element.querySelector<HTMLElement>('.end-transcript')!.hidden).toBe(true);
    expect(form.transcriptEmail(false)).toBeUndefined();

    form.open(true, 'olga@example.com');
    expect(form.element.querySelector<HTMLElement>('.end-transcript')!.hidden).toBe(false);
    expect(form.transcriptEmail(true)).toBe('olga@example.com');
    form.element.remove();
  });
});
