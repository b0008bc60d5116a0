// @vitest-environment happy-dom
import type { AgentDto, DepartmentDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { administrator, button, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-01T09:00:00.000Z';
const support: DepartmentDto = { id: 1, name: 'Support', createdAt: at, updatedAt: at };
const sales: DepartmentDto = { id: 2, name: 'Sales', createdAt: at, updatedAt: at };
const agents: AgentDto[] = [
  administrator,
  { ...administrator, id: 2, name: 'Boris', role: 'agent', departmentIds: [1, 2] },
  { ...administrator, id: 3, name: 'Carla', role: 'agent', active: false, departmentIds: [2] },
];

function server(departments: DepartmentDto[] = [support, sales]): FakeApi {
  return fakeApi()
    .on('GET /departments', { body: { items: departments } })
    .on('GET /agents', { body: { items: agents } });
}

function rows(root: HTMLElement): string[] {
  return [...root.querySelectorAll('tbody tr')].map((r) => textOf(r));
}

describe('DepartmentsView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists departments by name with their active agents', async () => {
    mounted = await mountAdminView('/admin/departments', server());
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Departments');
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(textOf(root.querySelector('.admin-summary'))).toBe('2 departments');
    // Carla is deactivated: Sales counts Boris only.
    expect(rows(root)).toEqual(['Sales 1 active agent Rename', 'Support 2 active agents Rename']);
  });

  it('says what to do when there are none yet', async () => {
    mounted = await mountAdminView('/admin/departments', server([]));
    expect(textOf(mounted.root.querySelector('.empty-state'))).toBe('No departments yet Create one for each team that handles its own tickets.');
  });

  it('creates a department', async () => {
    const api = server().on('POST /departments', ({ body }) => ({ status: 201, body: { id: 3, ...(body as object), createdAt: at, updatedAt: at } }));
    mounted = await mountAdminView('/admin/departments', api);
    const { root } = mounted;

    await click(button(root, 'New department'));
    const dialog = openDialog(root);
    expect(document.activeElement).toBe(control(dialog, 'Department name'));
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog)).toContain('Enter a name.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    type(control(dialog, 'Department name'), ' Billing ');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Billing' });
    expect(rows(root)[0]).toBe('Billing 0 active agents Rename');
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Department Billing was created.');
    expect(root.querySelector('dialog[open]')).toBeNull();
  });

  it('renames a department, and shows a refusal translated', async () => {
    const api = server().on('PATCH /departments/2', refusal(403, 'auth/forbidden'));
    mounted = await mountAdminView('/admin/departments', api);
    const { root } = mounted;

    const salesRow = [...root.querySelectorAll('tbody tr')].find((r) => textOf(r).startsWith('Sales'))!;
    await click(button(salesRow as HTMLElement, 'Rename'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Rename Sales');
    expect(control(dialog, 'Department name').value).toBe('Sales');
    type(control(dialog, 'Department name'), 'Sales and partners');
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('You are not allowed to do that.');
    expect(dialog.open).toBe(true);

    api.on('PATCH /departments/2', ({ body }) => ({ body: { ...sales, ...(body as object) } }));
    await submit(dialog.querySelector('form')!);
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ name: 'Sales and partners' });
    expect(rows(root)).toContain('Sales and partners 1 active agent Rename');
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Sales is now called Sales and partners.');
  });
});
