// @vitest-environment happy-dom
import type { DepartmentDto, WidgetDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, settle, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-01T09:00:00.000Z';
const support: DepartmentDto = { id: 1, name: 'Support', createdAt: at, updatedAt: at };
const sales: DepartmentDto = { id: 2, name: 'Sales', createdAt: at, updatedAt: at };
const shop: WidgetDto = {
  id: 7,
  key: 'wk_shop1234567890ab',
  name: 'Shop',
  departmentId: 2,
  departmentIds: [],
  colour: '#aa3300',
  position: 'left',
  greeting: 'Hi!',
  prechat: { name: 'optional', email: 'required', question: true },
  identitySecret: 'wis_secret',
  logoAttachmentId: null,
  active: true,
  createdAt: at,
  updatedAt: at,
};

function server(widgets: WidgetDto[] = [shop]): FakeApi {
  return fakeApi()
    .on('GET /widgets', { body: { items: widgets } })
    .on('GET /departments', { body: { items: [support, sales] } });
}

describe('WidgetsView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists widgets with where their chats go, the embed code to copy and the identity secret', async () => {
    mounted = await mountAdminView('/admin/widgets', server());
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Chat widgets');
    expect(textOf(root.querySelector('.admin-summary'))).toBe('1 widget');
    const card = root.querySelector('article')!;
    expect(textOf(card.querySelector('h2'))).toBe('Shop');
    expect(textOf(card)).toContain('Sales');
    expect(textOf(card.querySelector('.widget__snippet'))).toBe(`<script src="${window.location.origin}/widget.js" data-widget="wk_shop1234567890ab" async></script>`);
    expect(textOf(card.querySelector('.widget__secret'))).toBe('wis_secret');
  });

  it('says what to do when there are none', async () => {
    mounted = await mountAdminView('/admin/widgets', server([]));
    expect(textOf(mounted.root.querySelector('.empty-state'))).toContain('No widgets yet');
  });

  it('creates a widget where the visitor chooses the department, and insists on at least one', async () => {
    const api = server([]).on('POST /widgets', ({ body }) => ({ status: 201, body: { ...shop, id: 8, ...(body as object) } }));
    mounted = await mountAdminView('/admin/widgets', api);
    const { root } = mounted;
    await click(button(root, 'New widget'));
    const dialog = openDialog(root);
    type(control(dialog, 'Name'), ' Docs site ');
    choose(control<HTMLSelectElement>(dialog, 'Chats go to'), 'choose');
    await click(button(dialog, 'Create widget'));
    expect(textOf(dialog)).toContain('Choose at least one department.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    const checks = [...dialog.querySelectorAll<HTMLInputElement>('fieldset input[type="checkbox"]')];
    choose(checks[0]!);
    await settle();
    choose(checks[1]!);
    await settle();
    choose(control<HTMLSelectElement>(dialog, 'Email field'), 'required');
    choose(control<HTMLSelectElement>(dialog, 'Launcher side'), 'left');
    type(control<HTMLTextAreaElement>(dialog, 'Greeting'), 'Welcome!');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Docs site',
      departmentId: null,
      departmentIds: [2, 1],
      colour: '#2563eb',
      position: 'left',
      greeting: 'Welcome!',
      prechat: { name: 'optional', email: 'required', question: true },
      active: true,
    });
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Widget Docs site was created.');
  });

  it('sends only what changed, rotates the secret, and shows a refusal translated', async () => {
    const api = server()
      .on('PATCH /widgets/7', ({ body }) => ({ body: { ...shop, ...(body as object), identitySecret: (body as { rotateIdentitySecret?: boolean }).rotateIdentitySecret ? 'wis_new' : shop.identitySecret } }))
      .on('DELETE /widgets/7', refusal(403, 'auth/forbidden'));
    mounted = await mountAdminView('/admin/widgets', api);
    const { root } = mounted;
    await click(button(root, 'Edit'));
    const dialog = openDialog(root);
    expect(control(dialog, 'Name').value).toBe('Shop');
    const showOnSites = [...dialog.querySelectorAll('label')].find((l) => textOf(l) === 'Show the widget on sites')!.querySelector('input')!;
    choose(showOnSites);
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ active: false });

    await click(button(root, 'Issue a new secret'));
    const rotate = openDialog(root);
    expect(textOf(rotate.querySelector('h2'))).toBe('Issue a new secret for Shop?');
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    await click(button(rotate, 'Issue a new secret'));
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ rotateIdentitySecret: true });
    expect(textOf(root.querySelector('.widget__secret'))).toBe('wis_new');
    expect(textOf(root.querySelector('.admin-notice'))).toBe('Widget Shop has a new identity secret; update your site.');

    await click(button(root, 'Delete'));
    const confirm = openDialog(root);
    await click(button(confirm, 'Delete'));
    expect(textOf(confirm.querySelector('[role="alert"]'))).toBe('You are not allowed to do that.');
  });

  it('uploads a help center logo, previews it, refuses an SVG before sending, and removes it', async () => {
    const logoId = '11111111-2222-4333-8444-555555555555';
    const api = server()
      .on('POST /attachments', { status: 201, body: { id: logoId, filename: 'logo.png', contentType: 'image/png', size: 4 } })
      .on('PATCH /widgets/7', ({ body }) => ({ body: { ...shop, ...(body as object) } }));
    mounted = await mountAdminView('/admin/widgets', api);
    const { root } = mounted;
    const input = control<HTMLInputElement>(root, 'Upload a logo');
    expect(textOf(root.querySelector('.widget-logo'))).toContain('No logo');

    const pick = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
      await settle();
    };
    await pick(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    expect(textOf(root.querySelector('.widget-logo [role="alert"]'))).toBe('Choose a PNG, JPEG, WebP or GIF picture (SVG is not accepted).');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await pick(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' }));
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ logoAttachmentId: logoId });
    const preview = root.querySelector<HTMLImageElement>('.widget-logo__preview')!;
    expect(preview.getAttribute('src')).toBe(`/api/v1/attachments/${logoId}`);
    expect(preview.alt).toBe('Logo of Shop');

    await click(button(root, 'Remove the logo'));
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ logoAttachmentId: null });
    expect(root.querySelector('.widget-logo__preview')).toBeNull();
  });
});
