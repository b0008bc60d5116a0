// @vitest-environment happy-dom
import type { DepartmentDto, MailboxDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-01T09:00:00.000Z';
const support: DepartmentDto = { id: 1, name: 'Support', createdAt: at, updatedAt: at };
const helpdesk: MailboxDto = {
  id: 3,
  name: 'Helpdesk',
  address: 'help@example.com',
  departmentId: 1,
  active: true,
  imap: { host: 'imap.example.com', port: 993, tls: true, starttls: false, user: 'help', passwordSet: true, folder: 'INBOX', afterFiling: 'seen', moveToFolder: null },
  smtpReceiver: false,
  smtp: null,
  status: 'error',
  lastError: 'Sign-in refused by the IMAP server: Authentication failed.',
  lastCheckAt: at,
  createdAt: at,
  updatedAt: at,
};

function server(mailboxes: MailboxDto[] = [helpdesk]): FakeApi {
  return fakeApi()
    .on('GET /mailboxes', { body: { items: mailboxes } })
    .on('GET /departments', { body: { items: [support] } });
}

describe('MailboxesView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists mailboxes with how mail comes in, the department, the status, the last error and the last check', async () => {
    mounted = await mountAdminView('/admin/mailboxes', server());
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Mailboxes');
    expect(textOf(root.querySelector('.admin-summary'))).toBe('1 mailbox');
    const row = root.querySelector('tr[data-mailbox-id="3"]')!;
    expect(textOf(row)).toContain('help@example.com');
    expect(textOf(row)).toContain('IMAP (imap.example.com)');
    expect(textOf(row)).toContain('Support');
    expect(textOf(row.querySelector('.badge'))).toBe('Error');
    expect(textOf(row.querySelector('.mailbox__error'))).toContain('Authentication failed');
    expect(textOf(row.querySelector('.mailbox__checked'))).toMatch(/^Checked .*2026/);
  });

  it('says what to do when there are none', async () => {
    mounted = await mountAdminView('/admin/mailboxes', server([]));
    expect(textOf(mounted.root.querySelector('.empty-state'))).toContain('No mailboxes yet');
  });

  it('creates an IMAP mailbox, insisting on a host and user, and sends the password only when typed', async () => {
    const api = server([]).on('POST /mailboxes', ({ body }) => ({ status: 201, body: { ...helpdesk, id: 4, status: 'idle', lastError: null, ...(body as object) } }));
    mounted = await mountAdminView('/admin/mailboxes', api);
    const { root } = mounted;
    await click(button(root, 'New mailbox'));
    const dialog = openDialog(root);
    type(control(dialog, 'Name'), 'Sales');
    type(control(dialog, 'Email address'), 'sales@example.com');
    await click(button(dialog, 'Create mailbox'));
    expect(textOf(dialog)).toContain("Enter the server's name.");
    expect(textOf(dialog)).toContain('Enter the user name.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    type(control(dialog, 'IMAP server'), 'imap.example.com');
    choose(control<HTMLSelectElement>(dialog, 'Security'), 'starttls');
    type(control(dialog, 'User name'), 'sales');
    type(control(dialog, 'Password'), 's3cret');
    choose(control<HTMLSelectElement>(dialog, 'New tickets go to'), '1');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Sales',
      address: 'sales@example.com',
      departmentId: 1,
      active: true,
      smtpReceiver: false,
      imap: { host: 'imap.example.com', port: 143, tls: false, starttls: true, user: 'sales', password: 's3cret', folder: 'INBOX', afterFiling: 'seen', moveToFolder: null },
      smtp: null,
    });
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Mailbox Sales was created.');
  });

  it('edits without knowing the password, tests the connection, switches off, and translates a refusal', async () => {
    const api = server()
      .on('PATCH /mailboxes/3', ({ body }) => ({ body: { ...helpdesk, ...(body as object), imap: helpdesk.imap } }))
      .on('POST /mailboxes/3/test', { body: { imap: { ok: false, error: 'Authentication failed.' }, smtp: null } });
    mounted = await mountAdminView('/admin/mailboxes', api);
    const { root } = mounted;
    await click(button(root, 'Edit'));
    const dialog = openDialog(root);
    expect(control(dialog, 'Password').value).toBe('');
    expect(textOf(dialog)).toContain('A password is stored. Leave empty to keep it.');
    await submit(dialog.querySelector('form')!);
    const patch = api.calls.find((c) => c.method === 'PATCH')?.body as { imap: Record<string, unknown> };
    expect(patch.imap).not.toHaveProperty('password');

    await click(button(root, 'Test connection'));
    expect(textOf(root.querySelector('.mailbox__test'))).toBe('IMAP failed: Authentication failed.');

    await click(button(root, 'Switch off'));
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ active: false });

    api.on('POST /mailboxes', refusal(409, 'mailbox/credentials_key_missing'));
    await click(button(root, 'New mailbox'));
    const create = openDialog(root);
    type(control(create, 'Name'), 'Other');
    type(control(create, 'Email address'), 'other@example.com');
    type(control(create, 'IMAP server'), 'imap.example.com');
    type(control(create, 'User name'), 'other');
    type(control(create, 'Password'), 'x');
    await submit(create.querySelector('form')!);
    expect(textOf(create.querySelector('[role="alert"]'))).toContain('MAIL_CREDENTIALS_KEY');
  });
});
