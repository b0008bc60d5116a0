// @vitest-environment happy-dom
import type { RulePreviewDto, TimeRuleDto, TriggerDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, choose, click, control, fakeApi, type Mounted, mountAdminView, openDialog, settle, submit, textOf, type } from './mount-admin-view';

const at = '2027-03-01T08:00:00.000Z';
const vip: TriggerDto = {
  id: 1,
  position: 1,
  name: 'VIP',
  enabled: true,
  events: ['ticket_created'],
  match: 'all',
  conditions: [{ field: 'contact_email', op: 'domain_is', value: 'vip.lv' }],
  actions: [{ type: 'add_tags', tags: ['vip'] }],
  updatedAt: at,
  updatedBy: 1,
};
const directory = (api: ReturnType<typeof fakeApi>) =>
  api
    .on('GET /departments', { body: { items: [{ id: 3, name: 'Support', createdAt: at, updatedAt: at }] } })
    .on('GET /agents', { body: { items: [] } })
    .on('GET /statuses', { body: { items: [] } });

describe('automation administration', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists triggers with what they do and switches one off', async () => {
    const api = directory(fakeApi())
      .on('GET /triggers', { body: { items: [vip] } })
      .on('PATCH /triggers/1', ({ body }) => ({ body: { ...vip, ...(body as object) } }));
    mounted = await mountAdminView('/admin/triggers', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Triggers');
    expect(textOf(root.querySelector('tbody tr td:nth-of-type(2)'))).toBe('On ticket created: Add tags');
    await click(root.querySelector<HTMLInputElement>('input[aria-label="“VIP” is on"]')!);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false });
    expect(textOf(root.querySelector('[role="status"]'))).toBe('Trigger “VIP” switched off.');
  });

  it('builds a trigger with a condition and an action, refuses gaps, and tests it against a ticket without saving', async () => {
    const preview: RulePreviewDto = { listens: true, conditions: [true], holds: true, holdsFrom: null, alreadyActed: false, wouldDo: [{ type: 'set_priority', priority: 'urgent' }] };
    const api = directory(fakeApi())
      .on('GET /triggers', { body: { items: [] } })
      .on('POST /triggers/preview', { body: preview })
      .on('POST /triggers', ({ body }) => ({ status: 201, body: { ...vip, id: 2, ...(body as object) } }));
    mounted = await mountAdminView('/admin/triggers', api);
    const { root } = mounted;
    await click(button(root, 'Add trigger'));
    const dialog = openDialog(root);
    type(control(dialog, 'Name'), 'Urgent printers');
    await click(button(dialog, 'Add condition'));
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog.querySelector('.admin-form__problem[role="alert"]'))).toBe('Fill in the conditions and actions marked below.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    type(control(dialog, 'Text'), 'printer');
    choose(control<HTMLSelectElement>(dialog, 'Do'), 'set_priority');
    await click(dialog.querySelector<HTMLInputElement>('input[type="checkbox"][value="customer_message"]')!);

    type(control(dialog, 'Ticket number'), '#42');
    await settle();
    await click(button(dialog, 'Test'));
    expect(api.calls.find((c) => c.path === '/triggers/preview')?.body).toMatchObject({ ticketId: 42, event: 'ticket_created', rule: { name: 'Urgent printers', conditions: [{ field: 'subject', op: 'contains', value: 'printer' }] } });
    expect(textOf(dialog.querySelector('.rule-preview__result'))).toContain('Now it would: Set priority.');

    await submit(dialog.querySelector('form')!);
    const saved = api.calls.find((c) => c.method === 'POST' && c.path === '/triggers');
    expect(saved?.body).toEqual({
      name: 'Urgent printers',
      events: ['ticket_created', 'customer_message'],
      match: 'all',
      conditions: [{ field: 'subject', op: 'contains', value: 'printer' }],
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
  });

  it('starts a time rule from a preset in the administrator\'s language', async () => {
    const api = directory(fakeApi())
      .on('GET /time-rules', { body: { items: [] } })
      .on('POST /time-rules', ({ body }) => ({ status: 201, body: { id: 7, position: 1, enabled: true, updatedAt: at, updatedBy: 1, ...(body as object) } satisfies Partial<TimeRuleDto> }));
    mounted = await mountAdminView('/admin/time-rules', api);
    const { root } = mounted;
    await click(button(root, 'Close answered tickets after 5 quiet days'));
    const dialog = openDialog(root);
    expect(control(dialog, 'Name').value).toBe('Close answered tickets after 5 quiet days');
    expect(control(dialog, 'After').value).toBe('5');
    expect(control<HTMLSelectElement>(dialog, 'Unit').value).toBe('days');
    await submit(dialog.querySelector('form')!);
    const body = api.calls.find((c) => c.method === 'POST')?.body as { time: unknown; actions: { type: string; body?: string }[] };
    expect(body.time).toEqual({ since: 'last_customer_message', minutes: 7200, businessHours: false });
    expect(body.actions[1]).toMatchObject({ type: 'email_customer', subject: 'Your request {{ticket.number}} is resolved' });
    expect(body.actions[1]!.body).toContain('Hello {{contact.firstName}},');
  });

  it('sets a department\'s auto-assignment', async () => {
    const api = directory(fakeApi())
      .on('GET /auto-assignment', { body: { items: [] } })
      .on('PUT /departments/3/auto-assignment', ({ body }) => ({ body: { departmentId: 3, ...(body as object) } }));
    mounted = await mountAdminView('/admin/auto-assignment', api);
    const { root } = mounted;
    choose(root.querySelector<HTMLSelectElement>('select[aria-label="Assignment in Support"]')!, 'round_robin');
    await click(button(root, 'Save changes'));
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ mode: 'round_robin', maxOpenTickets: 20 });
    expect(textOf(root.querySelector('[role="status"]'))).toBe('Auto-assignment in Support saved.');
  });
});
