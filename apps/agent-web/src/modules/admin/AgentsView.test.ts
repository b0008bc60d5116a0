// @vitest-environment happy-dom
import type { AgentDto, DepartmentDto } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateAgentBody } from './api';
import {
  administrator, button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, submit, textOf, type,
} from './mount-admin-view';

const departments: DepartmentDto[] = [
  { id: 1, name: 'Support', createdAt: '2026-11-01T09:00:00.000Z', updatedAt: '2026-11-01T09:00:00.000Z' },
  { id: 2, name: 'Sales', createdAt: '2026-11-01T09:00:00.000Z', updatedAt: '2026-11-01T09:00:00.000Z' },
];
const boris: AgentDto = { ...administrator, id: 2, name: 'Boris Agent', email: 'boris@parley.test', role: 'agent', departmentIds: [1, 2] };
const carla: AgentDto = { ...administrator, id: 3, name: 'Carla Former', email: 'carla@parley.test', role: 'agent', active: false, departmentIds: [] };

function server(agents: AgentDto[] = [administrator, boris, carla]): FakeApi {
  return fakeApi()
    .on('GET /agents', { body: { items: agents } })
    .on('GET /departments', { body: { items: departments } });
}

function row(root: HTMLElement, name: string): HTMLTableRowElement {
  const found = [...root.querySelectorAll('tbody tr')].find((r) => textOf(r.querySelector('th')).startsWith(name));
  if (!found) throw new Error(`no row for ${name}`);
  return found as HTMLTableRowElement;
}

describe('AgentsView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists agents with role, departments and access, sorted by name, under one h1', async () => {
    mounted = await mountAdminView('/admin/agents', server([carla, boris, administrator]));
    const { root } = mounted;
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(textOf(root.querySelector('h1'))).toBe('Agents');
    expect(root.querySelector('nav a[aria-current="page"]')?.textContent).toBe('Agents');
    expect([...root.querySelectorAll('tbody th')].map((th) => textOf(th))).toEqual(['Anna Admin You', 'Boris Agent', 'Carla Former']);
    expect(textOf(root.querySelector('.admin-summary'))).toBe('3 agents, 2 active');
    const boriss = row(root, 'Boris Agent');
    expect(textOf(boriss)).toContain('boris@parley.test');
    expect([...boriss.querySelectorAll('.admin-tags .badge')].map((b) => b.textContent)).toEqual(['Sales', 'Support']);
    expect(textOf(row(root, 'Carla Former'))).toContain('Deactivated');
    expect(textOf(row(root, 'Carla Former'))).toContain('No department');
    // The signed-in administrator is not offered to deactivate themselves.
    expect(() => button(row(root, 'Anna Admin'), 'Deactivate')).toThrow();
  });

  it('invites an agent after checking the form beside its fields, and shows the one-time link once', async () => {
    const api = server();
    const created: AgentDto = { ...boris, id: 4, name: 'Dora New', email: 'dora@parley.test', departmentIds: [2], locale: 'lv', invitationPending: true };
    const url = 'https://help.example.test/invite?token=invite_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    api.on('POST /agents', { status: 201, body: { ...created, invitationUrl: url, invitationExpiresAt: '2026-11-30T10:00:00.000Z' } });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;

    await click(button(root, 'Invite agent'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Invite an agent');
    expect(document.activeElement).toBe(control(dialog, 'Full name'));
    expect(dialog.querySelector('input[type="password"]')).toBeNull();

    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog)).toContain("Enter the agent's full name.");
    expect(control(dialog, 'Full name').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    type(control(dialog, 'Full name'), '  Dora New ');
    type(control(dialog, 'Email'), 'dora@parley.test');
    choose(control<HTMLSelectElement>(dialog, 'Language of the console'), 'lv');
    const sales = [...dialog.querySelectorAll('fieldset label')].find((l) => textOf(l) === 'Sales')!.querySelector('input')!;
    choose(sales);
    await submit(dialog.querySelector('form')!);

    const post = api.calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/agents');
    expect(post?.body).toEqual({ name: 'Dora New', email: 'dora@parley.test', role: 'agent', departmentIds: [2], locale: 'lv' } satisfies CreateAgentBody);
    expect(textOf(row(root, 'Dora New'))).toContain('Invitation pending');
    expect(textOf(root.querySelector('[role="status"].admin-notice'))).toContain('Dora New was invited.');

    const shown = openDialog(root);
    expect(textOf(shown.querySelector('h2'))).toBe('Invitation link for Dora New');
    expect(control(shown, 'Invitation link').value).toBe(url);
    expect(textOf(shown)).toContain('shown only this once');
    expect(textOf(shown)).toContain('2026');
    await click(button(shown, 'Copy link'));
    expect(writeText).toHaveBeenCalledWith(url);
    expect(textOf(shown)).toContain('The link was copied.');
    await click(button(shown, 'Done'));
    expect(root.querySelector('dialog[open]')).toBeNull();
  });

  it('makes a new invitation link for an agent who has not accepted yet', async () => {
    const dora: AgentDto = { ...boris, id: 4, name: 'Dora New', email: 'dora@parley.test', invitationPending: true };
    const url = 'https://help.example.test/invite?token=invite_newnewnewnewnewnewnewnewnewnewnewnewnewnewn';
    const api = server([administrator, boris, dora]).on('POST /agents/4/invitation', { status: 201, body: { agent: dora, invitationUrl: url, invitationExpiresAt: '2026-12-01T10:00:00.000Z' } });
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;
    expect(() => button(row(root, 'Boris Agent'), 'New invitation link')).toThrow();
    await click(button(row(root, 'Dora New'), 'New invitation link'));
    expect(api.calls.find((c) => c.method === 'POST')?.path).toBe('/agents/4/invitation');
    const shown = openDialog(root);
    expect(control(shown, 'Invitation link').value).toBe(url);
    expect(textOf(root.querySelector('[role="status"].admin-notice'))).toBe('A new invitation link for Dora New was created; the previous one no longer works.');
  });

  it('says so when another agent already has the email', async () => {
    const api = server().on('POST /agents', refusal(409, 'resource/conflict'));
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;
    await click(button(root, 'Invite agent'));
    const dialog = openDialog(root);
    type(control(dialog, 'Full name'), 'Boris Again');
    type(control(dialog, 'Email'), 'boris@parley.test');
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('Another agent already uses this email address.');
    expect(dialog.open).toBe(true);
  });

  it('shows the refusal to demote the last administrator, translated, and keeps the dialog open', async () => {
    const api = server().on('PATCH /agents/1', refusal(409, 'agent/last_administrator'));
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;

    await click(button(row(root, 'Anna Admin'), 'Edit'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Edit Anna Admin');
    choose(control<HTMLSelectElement>(dialog, 'Role'), 'agent');
    await submit(dialog.querySelector('form')!);

    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'agent' });
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('At least one active administrator must remain. Make someone else an administrator first.');
    expect(dialog.open).toBe(true);
    expect(textOf(row(root, 'Anna Admin'))).toContain('Administrator');
  });

  it('changes how many chats an agent takes at once, refusing what is not a whole number in range', async () => {
    const api = server().on('PATCH /agents/2', ({ body }) => ({ body: { ...boris, ...(body as object) } }));
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;

    await click(button(row(root, 'Boris Agent'), 'Edit'));
    const dialog = openDialog(root);
    const capacity = control(dialog, 'Chats at once');
    expect(capacity.value).toBe('3');
    type(capacity, '51');
    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog.querySelector('.admin-form__problem'))).toBe('Enter a whole number from 0 to 50.');
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
    type(capacity, '5');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ maxConcurrentChats: 5 });
  });

  it('deactivates only after confirmation, and reactivates', async () => {
    const api = server()
      .on('PATCH /agents/2', ({ body }) => ({ body: { ...boris, ...(body as object) } }));
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;

    await click(button(row(root, 'Boris Agent'), 'Deactivate'));
    let dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Deactivate Boris Agent?');
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    await click(button(dialog, 'Cancel'));
    expect(root.querySelector('dialog[open]')).toBeNull();
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);

    await click(button(row(root, 'Boris Agent'), 'Deactivate'));
    dialog = openDialog(root);
    await click(button(dialog, 'Deactivate'));
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ active: false });
    expect(textOf(row(root, 'Boris Agent'))).toContain('Deactivated');
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Boris Agent was deactivated and signed out.');

    await click(button(row(root, 'Boris Agent'), 'Reactivate'));
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ active: true });
    expect(textOf(row(root, 'Boris Agent'))).toContain('Active');
  });

  it('closes a dialog on Escape without saving', async () => {
    const api = server();
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;
    await click(button(row(root, 'Boris Agent'), 'Edit'));
    const dialog = openDialog(root);
    type(control(dialog, 'Full name'), 'Someone Else');
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dialog.open).toBe(false);
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('offers to try again when the list cannot be loaded', async () => {
    const api = fakeApi().on('GET /agents', refusal(500, 'server/internal')).on('GET /departments', { body: { items: departments } });
    mounted = await mountAdminView('/admin/agents', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('.admin-load-error [role="alert"]'))).toBe('The server ran into a problem. Please try again.');
    api.on('GET /agents', { body: { items: [administrator] } });
    await click(button(root, 'Try again'));
    expect(root.querySelector('.admin-load-error')).toBeNull();
    expect(textOf(root.querySelector('.admin-summary'))).toBe('1 agent, 1 active');
  });
});
