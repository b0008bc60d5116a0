// @vitest-environment happy-dom
import type { WebhookDeliveryDto, WebhookDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-01T09:00:00.000Z';
const crm: WebhookDto = {
  id: 5,
  url: 'https://crm.example.com/parley',
  description: 'CRM',
  events: ['ticket.created', 'message.created'],
  includeInternal: false,
  allowPrivateNetwork: false,
  enabled: false,
  disabledReason: 'Deliveries failed for a day; the last: answered 503',
  disabledAt: at,
  createdAt: at,
  updatedAt: at,
};
const failed: WebhookDeliveryDto = {
  id: 9,
  eventId: '3f0c2a4e-0000-5000-a000-000000000001',
  event: 'ticket.created',
  state: 'failed',
  attempts: 19,
  createdAt: at,
  lastAttemptAt: at,
  nextAttemptAt: null,
  deliveredAt: null,
  responseStatus: 503,
  responseBody: 'Service Unavailable',
  error: 'answered 503',
};

function server(webhooks: WebhookDto[] = [crm]): FakeApi {
  return fakeApi().on('GET /webhooks', { body: { items: webhooks } });
}

describe('WebhooksView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists subscriptions with their events, and why Parley switched one off', async () => {
    mounted = await mountAdminView('/admin/webhooks', server());
    const row = mounted.root.querySelector('tr[data-webhook-id="5"]')!;
    expect(textOf(row)).toContain('https://crm.example.com/parley');
    expect(textOf(row)).toContain('Ticket created, New message');
    expect(textOf(row.querySelector('.badge'))).toBe('Off');
    expect(textOf(row.querySelector('.webhook__error'))).toMatch(/^Switched off by Parley on .*2026.*answered 503$/);
  });

  it('subscribes a URL to the chosen events and shows the secret once', async () => {
    const api = server([]).on('POST /webhooks', ({ body }) => ({ status: 201, body: { ...crm, id: 6, enabled: true, disabledReason: null, disabledAt: null, ...(body as object), secret: 'whsec_abc' } }));
    mounted = await mountAdminView('/admin/webhooks', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('.empty-state'))).toContain('No webhooks yet.');
    await click(button(root, 'New webhook'));
    const dialog = openDialog(root);
    type(control(dialog, 'Address (https://…)'), 'ftp://nope');
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog)).toContain('Enter an address that begins with https:// or http://.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    type(control(dialog, 'Address (https://…)'), 'https://hooks.example.com/in');
    await click(dialog.querySelector<HTMLInputElement>('input[value="message.created"]')!);
    await click(dialog.querySelector<HTMLInputElement>('input[value="ticket.status_changed"]')!);
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      url: 'https://hooks.example.com/in',
      description: '',
      events: ['ticket.created', 'ticket.status_changed'],
      includeInternal: false,
      allowPrivateNetwork: false,
    });
    const secret = openDialog(root);
    expect(textOf(secret.querySelector('[data-webhook-secret]'))).toBe('whsec_abc');
    await click(button(secret, 'I have copied it'));
    expect(root.querySelector('tr[data-webhook-id="6"]')).not.toBeNull();
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Webhook https://hooks.example.com/in added.');
  });

  it('shows the delivery log and sends a delivery again', async () => {
    const api = server()
      .on('GET /webhooks/5/deliveries', { body: { items: [failed] } })
      .on('POST /webhooks/5/deliveries/9/resend', { body: { ...failed, state: 'pending', nextAttemptAt: at } });
    mounted = await mountAdminView('/admin/webhooks', api);
    const { root } = mounted;
    await click(button(root, 'Deliveries'));
    const dialog = openDialog(root);
    const row = dialog.querySelector('tr[data-delivery-id="9"]')!;
    expect(textOf(row)).toContain('Given up');
    expect(textOf(row)).toContain('19 attempts');
    expect(textOf(row)).toContain('HTTP 503');
    expect(textOf(row)).toContain('Service Unavailable');
    await click(button(row as HTMLElement, 'Send again'));
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/webhooks/5/deliveries/9/resend')).toBe(true);
    expect(textOf(dialog.querySelector('tr[data-delivery-id="9"] .badge'))).toBe('Waiting');
  });
});
