// @vitest-environment happy-dom
import type { WidgetConfigDto } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatMessages } from '../i18n/frame/all';
import { formMessages } from '../i18n/frame/all';
import { ChatApp } from './chat';
import { buildOfflineForm } from './offline-form';
import { canChat, loadFrameConfig } from './widget-config';

const config = (overrides: Partial<WidgetConfigDto> = {}): WidgetConfigDto => ({
  key: 'wk_abcdefgh12345678',
  colour: '#2563eb',
  position: 'right',
  greeting: null,
  prechat: { name: 'optional', email: 'optional', question: true },
  departmentChoice: false,
  departments: [{ id: 1, name: 'Support', online: true }],
  online: true,
  emailReplies: true,
  ...overrides,
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('loadFrameConfig', () => {
  it('asks for the widget by key, or for the defaults of the embed\'s department', async () => {
    const fetcher = vi.fn(() => Promise.resolve(new Response(JSON.stringify(config()), { status: 200 })));
    await loadFrameConfig('wk_abcdefgh12345678', undefined, fetcher as never);
    await loadFrameConfig(undefined, 3, fetcher as never);
    expect(fetcher.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['/api/v1/widget/config/wk_abcdefgh12345678', '/api/v1/widget/config?department=3']);
    expect(await loadFrameConfig('wk_x2345678', undefined, (() => Promise.reject(new Error('down'))) as never)).toBeUndefined();
  });
});

describe('canChat', () => {
  it('follows the online flag, per department when one is set, and assumes yes without a config', () => {
    expect(canChat(undefined)).toBe(true);
    expect(canChat(config({ online: false, departments: [{ id: 1, name: 'S', online: false }] }))).toBe(false);
    const two = config({ departments: [{ id: 1, name: 'S', online: true }, { id: 2, name: 'B', online: false }] });
    expect(canChat(two, 2)).toBe(false);
    expect(canChat(two, 1)).toBe(true);
  });
});

describe('the pre-chat form follows the widget', () => {
  const app = (c: WidgetConfigDto) => new ChatApp(document, { text: chatMessages.en, forms: formMessages.en, config: c, notify: () => undefined, storage: null });

  it('shows the greeting, hides fields that are off and requires those that are required', () => {
    app(config({ greeting: 'Welcome to Acme!', prechat: { name: 'off', email: 'required', question: false } }));
    expect(document.querySelector('.intro')?.textContent).toBe('Welcome to Acme!');
    const name = document.querySelector<HTMLInputElement>('#prechat-name')!;
    const email = document.querySelector<HTMLInputElement>('#prechat-email')!;
    const question = document.querySelector<HTMLTextAreaElement>('#prechat-question')!;
    expect(name.hidden).toBe(true);
    expect(email.required).toBe(true);
    expect(document.querySelector('label[for="prechat-email"]')?.textContent).toBe('Your email (required)');
    expect(question.hidden).toBe(true);
    expect(question.required).toBe(false);
  });

  it('offers the departments where someone is online when the visitor chooses', () => {
    app(config({ departmentChoice: true, departments: [{ id: 1, name: 'Sales', online: true }, { id: 2, name: 'Billing', online: true }, { id: 3, name: 'Legal', online: false }] }));
    const options = [...document.querySelectorAll<HTMLOptionElement>('#prechat-department option')].map((o) => o.textContent);
    expect(options).toEqual(['Sales', 'Billing']);
  });
});

describe('the offline form', () => {
  it('sends name, email and message and tells the visitor to expect an email', async () => {
    const fetcher = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response(JSON.stringify({ number: '#42' }), { status: 201 })));
    const form = buildOfflineForm(document, { text: formMessages.en, emailReplies: true, widgetKey: 'wk_abcdefgh12345678', fetcher: fetcher as never });
    document.body.append(form);
    (form.querySelector('#offline-name') as HTMLInputElement).value = 'Olga';
    (form.querySelector('#offline-email') as HTMLInputElement).value = 'olga@example.com';
    (form.querySelector('#offline-message') as HTMLTextAreaElement).value = 'Call me back';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() => expect(form.textContent).toBe('Thank you! Your message is ticket #42. Expect our answer by email.'));
    expect(fetcher.mock.calls[0]![0]).toBe('/api/v1/widget/offline-messages');
    expect(JSON.parse(fetcher.mock.calls[0]![1].body as string)).toEqual({ name: 'Olga', email: 'olga@example.com', message: 'Call me back', widgetKey: 'wk_abcdefgh12345678' });
  });

  it('promises no email when this help desk cannot send any, in the visitor\'s language', async () => {
    const fetcher = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response(JSON.stringify({ number: '#43' }), { status: 201 })));
    const form = buildOfflineForm(document, { text: formMessages.ru, emailReplies: false, fetcher: fetcher as never });
    expect(form.querySelector('.intro')?.textContent).toBe('Сейчас в чате никого нет. Оставьте нам сообщение, и наша команда прочитает его, как только вернётся.');
    const offline = buildOfflineForm(document, { text: formMessages.en, emailReplies: false, fetcher: fetcher as never });
    document.body.append(offline);
    expect(offline.querySelector('.intro')?.textContent).toBe('Nobody is available to chat right now. Leave us a message and our team will read it as soon as they are back.');
    (offline.querySelector('#offline-name') as HTMLInputElement).value = 'Olga';
    (offline.querySelector('#offline-email') as HTMLInputElement).value = 'olga@example.com';
    (offline.querySelector('#offline-message') as HTMLTextAreaElement).value = 'Call me back';
    offline.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() => expect(offline.textContent).toBe('Thank you! Your message is ticket #43. Our team will see it as soon as they are back.'));
  });

  it('keeps what was typed and says so when the server refuses', async () => {
    const form = buildOfflineForm(document, { text: formMessages.en, emailReplies: true, fetcher: (() => Promise.resolve(new Response('{}', { status: 400 }))) as never });
    document.body.append(form);
    (form.querySelector('#offline-name') as HTMLInputElement).value = 'Olga';
    (form.querySelector('#offline-email') as HTMLInputElement).value = 'bad';
    (form.querySelector('#offline-message') as HTMLTextAreaElement).value = 'Hi';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() => expect(form.querySelector('.offline-status')?.textContent).toBe(formMessages.en.offlineError));
    expect((form.querySelector('#offline-email') as HTMLInputElement).value).toBe('bad');
  });
});
