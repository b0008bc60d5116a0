// @vitest-environment happy-dom
import type { CustomStatusDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-01T09:00:00.000Z';
const supplier: CustomStatusDto = { id: 1, name: 'Waiting for supplier', baseStatus: 'open', createdAt: at, updatedAt: at };
const duplicate: CustomStatusDto = { id: 2, name: 'Duplicate', baseStatus: 'resolved', createdAt: at, updatedAt: at };
const callback: CustomStatusDto = { id: 3, name: 'Call back', baseStatus: 'answered', createdAt: at, updatedAt: at };

function server(statuses: CustomStatusDto[] = [duplicate, supplier, callback]): FakeApi {
  return fakeApi().on('GET /statuses', { body: { items: statuses } });
}

function row(root: HTMLElement, name: string): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>('tbody tr')].find((r) => textOf(r.querySelector('th')) === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

describe('StatusesView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists custom statuses in the order of a ticket\'s life, each with its base status', async () => {
    mounted = await mountAdminView('/admin/statuses', server());
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Custom statuses');
    expect(textOf(root.querySelector('.admin-summary'))).toBe('3 custom statuses');
    expect([...root.querySelectorAll('tbody tr')].map((r) => textOf(r))).toEqual([
      'Waiting for supplier Open Edit Delete',
      'Call back Answered Edit Delete',
      'Duplicate Resolved Edit Delete',
    ]);
    expect(row(root, 'Duplicate').querySelector('.badge')?.getAttribute('data-status')).toBe('resolved');
  });

  it('creates a status on one of the bases the domain allows', async () => {
    const api = server([]).on('POST /statuses', ({ body }) => ({ status: 201, body: { id: 9, ...(body as object), createdAt: at, updatedAt: at } }));
    mounted = await mountAdminView('/admin/statuses', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('.empty-state strong'))).toBe('No custom statuses yet');

    await click(button(root, 'New status'));
    const dialog = openDialog(root);
    const bases = [...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(bases.map((b) => b.value)).toEqual(['open', 'answered', 'resolved']);
    expect(bases[0]!.checked).toBe(true);
    expect(textOf(dialog.querySelector('fieldset legend'))).toBe('Based on');

    type(control(dialog, 'Status name'), 'Merged');
    choose(bases[2]!);
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Merged', baseStatus: 'resolved' });
    expect(textOf(row(root, 'Merged'))).toBe('Merged Resolved Edit Delete');
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Status Merged was created.');
  });

  it('asks before deleting, and shows the refusal when tickets carry the status', async () => {
    const api = server().on('DELETE /statuses/1', refusal(409, 'status/in_use'));
    mounted = await mountAdminView('/admin/statuses', api);
    const { root } = mounted;

    await click(button(row(root, 'Waiting for supplier'), 'Delete'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Delete the status Waiting for supplier?');
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    await click(button(dialog, 'Delete'));

    expect(api.calls.find((c) => c.method === 'DELETE')?.path).toBe('/statuses/1');
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe(
      'Tickets still carry this status, so it cannot be deleted or moved to another base status. Give those tickets another status first.',
    );
    expect(dialog.open).toBe(true);
    expect(row(root, 'Waiting for supplier')).toBeTruthy();
  });

  it('deletes a status no ticket carries', async () => {
    const api = server().on('DELETE /statuses/2', { body: { ok: true } });
    mounted = await mountAdminView('/admin/statuses', api);
    const { root } = mounted;
    await click(button(row(root, 'Duplicate'), 'Delete'));
    await click(button(openDialog(root), 'Delete'));
    expect(() => row(root, 'Duplicate')).toThrow();
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Status Duplicate was deleted.');
  });

  it('renames and remaps, sending only what changed', async () => {
    const api = server().on('PATCH /statuses/3', ({ body }) => ({ body: { ...callback, ...(body as object) } }));
    mounted = await mountAdminView('/admin/statuses', api);
    const { root } = mounted;
    await click(button(row(root, 'Call back'), 'Edit'));
    const dialog = openDialog(root);
    expect(dialog.querySelector<HTMLInputElement>('input[value="answered"]')?.checked).toBe(true);
    choose(dialog.querySelector<HTMLInputElement>('input[value="open"]')!);
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ baseStatus: 'open' });
    expect(textOf(row(root, 'Call back'))).toBe('Call back Open Edit Delete');
  });
});
