// @vitest-environment happy-dom
import type { EmailMetaDto, ThreadItemDto, TicketDto } from '@parley/protocol';
import { createApp, h, nextTick } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../../../i18n';
import EmailBody from './EmailBody.vue';
import EmailHeader from './EmailHeader.vue';

const email: EmailMetaDto = {
  direction: 'in',
  fromAddress: 'anna@customer.example',
  fromName: 'Anna Customer',
  to: ['help@parley.example'],
  cc: ['boss@customer.example'],
  subject: 'Re: Printer on fire [#7]',
  hasHtml: false,
  hasOriginal: true,
  deliveryState: 'received',
  automated: null,
};
const ticket = { id: 7, subject: 'Printer on fire' } as TicketDto;
const item = {
  id: 31,
  ticketId: 7,
  kind: 'customer_message',
  body: 'Still smoking.\n\nOn Mon, 30 Nov 2026 at 09:12, Support <help@parley.example> wrote:\n> Switch it off and on again.',
  attachments: [],
  email,
} as unknown as ThreadItemDto;

let root: HTMLElement;
let unmount: () => void = () => undefined;
function mount(component: object, props: Record<string, unknown>): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(component, props) });
  app.use(createAppI18n('en'));
  app.mount(root);
  unmount = () => app.unmount();
  return root;
}
afterEach(() => {
  unmount();
  root.remove();
});

describe('EmailHeader', () => {
  it('shows From with name and address, To and Cc, and no subject when only "Re:" and the tag differ', () => {
    const el = mount(EmailHeader, { email, ticket });
    expect(el.querySelector('[data-field="from"]')?.textContent).toBe('Anna Customer <anna@customer.example>');
    expect(el.querySelector('[data-field="to"]')?.textContent).toBe('help@parley.example');
    expect(el.querySelector('[data-field="cc"]')?.textContent).toBe('boss@customer.example');
    expect(el.querySelector('[data-field="subject"]')).toBeNull();
  });

  it('shows the subject when the letter says something new there', () => {
    const el = mount(EmailHeader, { email: { ...email, subject: 'Re: Printer on fire — now smoking [#7]', cc: [] }, ticket });
    expect(el.querySelector('[data-field="subject"]')?.textContent).toBe('Re: Printer on fire — now smoking [#7]');
    expect(el.querySelector('[data-field="cc"]')).toBeNull();
  });
});

describe('EmailBody (plain text)', () => {
  it('folds the quoted history until asked, and links the original', async () => {
    const el = mount(EmailBody, { item, sender: 'Anna Customer' });
    expect(el.querySelector('.email-body__text')?.textContent).toBe('Still smoking.');
    expect(el.querySelector('[data-quoted]')).toBeNull();
    const toggle = el.querySelector<HTMLButtonElement>('[data-action="quoted"]');
    expect(toggle?.textContent?.trim()).toBe('Show quoted text');
    toggle?.click();
    await nextTick();
    expect(el.querySelector('[data-quoted]')?.textContent).toContain('> Switch it off and on again.');
    expect(toggle?.textContent?.trim()).toBe('Hide quoted text');
    expect(el.querySelector('[data-action="original"]')?.getAttribute('href')).toBe('/api/v1/tickets/7/items/31/email/original');
    expect(el.querySelector('iframe')).toBeNull();
  });

  it('offers no folding for a letter without a quote, and no original for our own letters', () => {
    const el = mount(EmailBody, { item: { ...item, body: 'Thanks!', email: { ...email, direction: 'out', hasOriginal: false } }, sender: 'Bob' });
    expect(el.querySelector('[data-action="quoted"]')).toBeNull();
    expect(el.querySelector('[data-action="original"]')).toBeNull();
  });
});
