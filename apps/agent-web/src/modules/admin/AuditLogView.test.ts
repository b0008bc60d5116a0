// @vitest-environment happy-dom
import type { AuditEntryDto } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { administrator, button, choose, click, control, type FakeApi, fakeApi, type Mounted, mountAdminView, refusal, settle, textOf } from './mount-admin-view';

const at = '2026-11-20T14:05:00.000Z';
const entry = (id: number, extra: Partial<AuditEntryDto> = {}): AuditEntryDto => ({
  id,
  occurredAt: at,
  actor: { kind: 'agent', agentId: 1, name: 'Anna Admin', apiTokenId: null },
  action: 'agent.role_changed',
  target: { type: 'agent', id: 7, label: 'Pat Agent' },
  changes: { role: { from: 'agent', to: 'administrator' } },
  ip: '203.0.113.7',
  userAgent: 'Firefox/140',
  ...extra,
});

const mailbox = entry(5, {
  action: 'mailbox.updated',
  target: { type: 'mailbox', id: 2, label: 'help@parley.example' },
  changes: { smtpPassword: { from: '[redacted]', to: '[redacted]' }, name: { from: 'Help', to: null } },
  actor: { kind: 'api_token', agentId: 1, name: 'Anna Admin', apiTokenId: 12 },
});
const system = entry(1, { action: 'agent.created', actor: { kind: 'system', agentId: null, name: null, apiTokenId: null }, ip: null, userAgent: null, changes: {} });

function server(): FakeApi {
  return fakeApi()
    .on('GET /agents', { body: { items: [administrator, { ...administrator, id: 7, name: 'Pat Agent', role: 'agent' }] } })
    .on('GET /audit-log', ({ path }) => {
      const query = new URLSearchParams(path.split('?')[1]);
      if (query.get('cursor') === '5') return { body: { items: [system], nextCursor: null } };
      if (query.get('targetType') === 'mailbox') return { body: { items: [mailbox], nextCursor: null } };
      if (query.get('actorId') === '7') return { body: { items: [], nextCursor: null } };
      return { body: { items: [entry(9), mailbox], nextCursor: '5' } };
    });
}

const rows = (root: HTMLElement) => [...root.querySelectorAll('tbody tr')].map((r) => textOf(r));
const lastQuery = (api: FakeApi) => new URLSearchParams(api.calls.filter((c) => c.path.startsWith('/audit-log')).at(-1)!.path.split('?')[1]);

describe('AuditLogView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
  });

  it('shows who changed what, when and from where, with secrets only as "hidden", and pages on', async () => {
    const api = server();
    mounted = await mountAdminView('/admin/audit-log', api);
    const { root } = mounted;
    expect(textOf(root.querySelector('h1'))).toBe('Audit log');
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
    expect(rows(root)).toEqual([
      `${when} Anna Admin Role changed Agent Pat Agent Role : agent → administrator 203.0.113.7 Firefox/140`,
      `${when} Anna Admin via API token #12 Mailbox changed Mailbox help@parley.example SMTP password : hidden → hidden Name : Help → (empty) 203.0.113.7 Firefox/140`,
    ]);
    expect(textOf(root.querySelector('.admin-summary'))).toBe('2 entries shown');
    expect(lastQuery(api).get('limit')).toBe('50');

    await click(button(root, 'Show more'));
    expect(lastQuery(api).get('cursor')).toBe('5');
    expect(rows(root)[2]).toBe(`${when} Parley (system) Agent added Agent Pat Agent No field details Not recorded`);
    expect(root.textContent).not.toContain('Show more');
  });

  it('filters by kind, actor and days, offers the matching changes, and exports with the same filters', async () => {
    const api = server();
    mounted = await mountAdminView('/admin/audit-log', api);
    const { root } = mounted;
    choose(control<HTMLSelectElement>(root, 'Kind'), 'mailbox');
    await settle();
    expect(lastQuery(api).get('targetType')).toBe('mailbox');
    expect([...control<HTMLSelectElement>(root, 'Change').options].map((o) => o.textContent)).toEqual(['Any change', 'Mailbox added', 'Mailbox changed']);
    expect(rows(root)).toHaveLength(1);

    const from = control(root, 'From');
    from.value = '2026-11-01';
    from.dispatchEvent(new Event('input'));
    await settle();
    expect(lastQuery(api).get('from')).toBe(new Date('2026-11-01T00:00:00').toISOString());
    const href = root.querySelector<HTMLAnchorElement>('a[download]')!.getAttribute('href')!;
    expect(href.startsWith('/api/v1/audit-log/export?')).toBe(true);
    const exported = new URLSearchParams(href.split('?')[1]);
    expect(exported.get('format')).toBe('csv');
    expect(exported.get('targetType')).toBe('mailbox');
    expect(exported.get('from')).toBe(new Date('2026-11-01T00:00:00').toISOString());

    await click(button(root, 'Clear filters'));
    choose(control<HTMLSelectElement>(root, 'Made by'), '7');
    await settle();
    expect(lastQuery(api).get('actorId')).toBe('7');
    expect(lastQuery(api).get('targetType')).toBeNull();
    expect(textOf(root.querySelector('.empty-state'))).toBe('Nothing recorded No change matches these filters.');
  });

  it('says when the log cannot be read, and tries again', async () => {
    let fail = true;
    const api = server().on('GET /audit-log', () => (fail ? refusal(403, 'auth/forbidden') : { body: { items: [entry(9)], nextCursor: null } }));
    mounted = await mountAdminView('/admin/audit-log', api);
    const { root } = mounted;
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    fail = false;
    await click(button(root, 'Try again'));
    expect(rows(root)).toHaveLength(1);
  });
});
