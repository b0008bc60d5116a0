// @vitest-environment happy-dom
import { CANNED_PLACEHOLDERS } from '@parley/domain';
import type { CannedResponseDto, DepartmentDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, openDialog, refusal, settle, submit, textOf, type } from './mount-admin-view';

const at = '2026-11-20T09:00:00.000Z';
const support: DepartmentDto = { id: 1, name: 'Support', createdAt: at, updatedAt: at };
const refund: CannedResponseDto = { id: 1, title: 'Refund on its way', body: 'Hello {{contact.firstName}},\nyour refund is on its way.', departmentId: 1, createdAt: at, updatedAt: at };
const thanks: CannedResponseDto = { id: 2, title: 'Thanks', body: 'Thank you, {{contact.name}}!', departmentId: null, createdAt: at, updatedAt: at };

function server(items: CannedResponseDto[] = [refund, thanks], nextCursor: string | null = null): FakeApi {
  return fakeApi()
    .on('GET /canned-responses', { body: { items, nextCursor } })
    .on('GET /departments', { body: { items: [support] } });
}

function card(root: HTMLElement, title: string): HTMLElement {
  const found = [...root.querySelectorAll<HTMLElement>('li[data-canned]')].find((c) => textOf(c.querySelector('h2')) === title);
  if (!found) throw new Error(`no card "${title}"`);
  return found;
}

function titles(root: HTMLElement): string[] {
  return [...root.querySelectorAll('li[data-canned] h2')].map((h) => textOf(h));
}

describe('CannedResponsesView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('lists canned responses with whom they are offered to', async () => {
    const api = server();
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    expect(api.calls.find((c) => c.path.startsWith('/canned-responses'))?.path).toBe('/canned-responses?limit=50');
    expect(textOf(root.querySelector('h1'))).toBe('Canned responses');
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(titles(root)).toEqual(['Refund on its way', 'Thanks']);
    expect(textOf(card(root, 'Refund on its way').querySelector('.badge'))).toBe('Support');
    expect(textOf(card(root, 'Thanks').querySelector('.badge'))).toBe('All departments');
    expect(textOf(card(root, 'Thanks'))).toContain('Changed Nov 20, 2026');
    expect(textOf(root.querySelector('.admin-summary'))).toBe('Showing 2 canned responses');
  });

  it('searches by title or text, and says when nothing matches', async () => {
    const api = server();
    api.on('GET /canned-responses?q=zebra&limit=50', { body: { items: [], nextCursor: null } });
    api.on('GET /canned-responses?q=refund&limit=50', { body: { items: [refund], nextCursor: null } });
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    const search = control(root, 'Search by title or text');
    expect(search.type).toBe('search');

    type(search, 'refund');
    await submit(root.querySelector('form[role="search"]')!);
    expect(titles(root)).toEqual(['Refund on its way']);
    expect(textOf(root.querySelector('.admin-summary'))).toBe('Showing 1 match');

    // Typing searches by itself once the typing pauses.
    type(search, 'zebra');
    await settle();
    expect(api.calls.some((c) => c.path.includes('zebra'))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await settle();
    expect(textOf(root.querySelector('.empty-state strong'))).toBe('Nothing matches “zebra”');
    expect(textOf(root.querySelector('.empty-state'))).toContain('Try another word, or clear the search.');
  });

  it('shows more when the server has another page', async () => {
    const api = server([refund], 'cursor-1');
    api.on('GET /canned-responses?cursor=cursor-1&limit=50', { body: { items: [thanks], nextCursor: null } });
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    await click(button(root, 'Show more'));
    expect(titles(root)).toEqual(['Refund on its way', 'Thanks']);
    expect(() => button(root, 'Show more')).toThrow();
  });

  it('writes a canned response with placeholders from the list, and warns of unknown ones', async () => {
    const api = server([]).on('POST /canned-responses', ({ body }) => ({ status: 201, body: { id: 7, ...(body as object), createdAt: at, updatedAt: at } }));
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('.empty-state strong'))).toBe('No canned responses yet');

    await click(button(root, 'New canned response'));
    const dialog = openDialog(root);
    expect(document.activeElement).toBe(control(dialog, 'Title'));
    // Every placeholder the domain knows is offered, with what it stands for.
    const guide = [...dialog.querySelectorAll('section li')].map((li) => textOf(li));
    expect(guide).toHaveLength(CANNED_PLACEHOLDERS.length);
    expect(guide[0]).toBe("Insert {{contact.name}} The customer's full name");

    await submit(dialog.querySelector('form')!);
    expect(textOf(dialog)).toContain('Enter a title.');
    expect(textOf(dialog)).toContain('Write the text of the response.');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    type(control(dialog, 'Title'), 'Greeting');
    const text = control<HTMLTextAreaElement>(dialog, 'Text');
    type(text, 'Hello , welcome.');
    text.setSelectionRange(6, 6);
    await click([...dialog.querySelectorAll<HTMLButtonElement>('section button')].find((b) => textOf(b) === 'Insert {{contact.firstName}}')!);
    expect(text.value).toBe('Hello {{contact.firstName}}, welcome.');

    type(text, 'Hello {{contact.firstName}}, your order {{order.number}} shipped.');
    await settle();
    expect(textOf(dialog)).toContain('{{order.number}} is not a placeholder Parley knows; it would reach the customer exactly as written.');

    choose(control<HTMLSelectElement>(dialog, 'Offered to'), '1');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      title: 'Greeting',
      body: 'Hello {{contact.firstName}}, your order {{order.number}} shipped.',
      departmentId: 1,
    });
    expect(titles(root)).toEqual(['Greeting']);
    expect(textOf(root.querySelector('.admin-notice'))).toBe('“Greeting” was created.');
  });

  it('edits only what changed', async () => {
    const api = server().on('PATCH /canned-responses/2', ({ body }) => ({ body: { ...thanks, ...(body as object) } }));
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    await click(button(card(root, 'Thanks'), 'Edit'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Edit “Thanks”');
    type(control(dialog, 'Title'), 'Thank you');
    await submit(dialog.querySelector('form')!);
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ title: 'Thank you' });
    expect(titles(root)).toEqual(['Refund on its way', 'Thank you']);
  });

  it('asks before deleting and shows a refusal translated', async () => {
    const api = server().on('DELETE /canned-responses/1', refusal(404, 'resource/not_found'));
    mounted = await mountAdminView('/admin/canned-responses', api);
    const { root } = mounted;
    await click(button(card(root, 'Refund on its way'), 'Delete'));
    const dialog = openDialog(root);
    expect(textOf(dialog.querySelector('h2'))).toBe('Delete “Refund on its way”?');
    await click(button(dialog, 'Delete'));
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('It no longer exists, or you may not see it.');
    expect(titles(root)).toEqual(['Refund on its way', 'Thanks']);

    api.on('DELETE /canned-responses/1', { body: { ok: true } });
    await click(button(dialog, 'Delete'));
    expect(titles(root)).toEqual(['Thanks']);
    expect(root.querySelector('dialog[open]')).toBeNull();
  });
});
