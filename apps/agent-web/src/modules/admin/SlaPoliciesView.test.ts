// @vitest-environment happy-dom
import type { SlaPolicyDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, click, control, fakeApi, type Mounted, mountAdminView, openDialog, submit, textOf, type } from './mount-admin-view';

const at = '2027-03-01T08:00:00.000Z';
const none = { departmentIds: [], channels: [], priorities: [], tags: [], companyIds: [] };
const standard: SlaPolicyDto = { id: 1, position: 1, name: 'Standard', enabled: true, conditions: none, targets: { first_response: { minutes: 60, businessHours: true } }, pauseWhenAnswered: false, warnAtPercent: 80, updatedAt: at };
const urgent: SlaPolicyDto = { ...standard, id: 2, position: 2, name: 'Urgent', conditions: { ...none, priorities: ['urgent'] }, targets: { first_response: { minutes: 10, businessHours: false } } };

describe('SlaPoliciesView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists policies in order with their targets, and moves one up', async () => {
    const api = fakeApi()
      .on('GET /sla-policies', { body: { items: [standard, urgent] } })
      .on('GET /departments', { body: { items: [] } })
      .on('PUT /sla-policies/order', ({ body }) => ({ body: { items: (body as { ids: number[] }).ids.map((id, i) => ({ ...(id === 1 ? standard : urgent), position: i + 1 })) } }));
    mounted = await mountAdminView('/admin/sla-policies', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Service-level policies');
    expect([...root.querySelectorAll('tbody th')].map((th) => textOf(th))).toEqual(['Standard', 'Urgent']);
    expect(textOf(root.querySelector('tbody tr td:nth-of-type(2)'))).toBe('First response: 60 min (business hours)');
    await click(root.querySelector<HTMLButtonElement>('button[aria-label="Move “Urgent” up"]')!);
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ ids: [2, 1] });
    expect([...root.querySelectorAll('tbody th')].map((th) => textOf(th))).toEqual(['Urgent', 'Standard']);
  });

  it('creates a policy with the targets switched on, and refuses one without any', async () => {
    const api = fakeApi()
      .on('GET /sla-policies', { body: { items: [] } })
      .on('GET /departments', { body: { items: [] } })
      .on('POST /sla-policies', ({ body }) => ({ status: 201, body: { ...standard, id: 5, ...(body as object) } }));
    mounted = await mountAdminView('/admin/sla-policies', api);
    const { root } = mounted;
    await click(button(root, 'Add policy'));
    const dialog = openDialog(root);
    type(control(dialog, 'Name'), 'Gold');
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('Switch on at least one target.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    await click(dialog.querySelector<HTMLInputElement>('input[name="target-resolution"]')!);
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toMatchObject({ name: 'Gold', targets: { resolution: { minutes: 60, businessHours: true } }, warnAtPercent: 80 });
  });
});
