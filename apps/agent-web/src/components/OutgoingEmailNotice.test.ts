// @vitest-environment happy-dom
import type { AgentDto } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppI18n, switchLocale } from '../i18n';
import { useDirectoryStore } from '../stores/directory';
import { useSessionStore } from '../stores/session';
import OutgoingEmailNotice from './OutgoingEmailNotice.vue';

const agent = (role: AgentDto['role']) => ({ id: 1, name: 'Ada', email: 'ada@parley.test', role, locale: 'en' }) as AgentDto;

let root: HTMLElement;
let unmount: () => void = () => undefined;
afterEach(() => {
  unmount();
  root.remove();
});

async function mount(locale: 'en' | 'ru', role: AgentDto['role'], outgoingEmail: boolean, withoutSender: number[] = []): Promise<HTMLElement> {
  const pinia = createPinia();
  const session = useSessionStore(pinia);
  session.agent = agent(role);
  session.outgoingEmail = outgoingEmail;
  session.departmentsWithoutOutgoingEmail = withoutSender;
  useDirectoryStore(pinia).departments = [
    { id: 1, name: 'Billing' },
    { id: 2, name: 'Поддержка' },
  ] as never;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/admin/mailboxes', name: 'admin-mailboxes', component: { render: () => null } }] });
  root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(OutgoingEmailNotice) });
  const i18n = createAppI18n('en');
  await switchLocale(i18n.global, locale);
  app.use(pinia).use(i18n).use(router);
  app.mount(root);
  unmount = () => app.unmount();
  await nextTick();
  return root;
}

describe('OutgoingEmailNotice', () => {
  it('tells an administrator that outgoing email is not set up, with the way to the mailboxes', async () => {
    const el = await mount('en', 'administrator', false);
    const notice = el.querySelector('[data-notice="outgoing-email"]');
    expect(notice?.textContent).toContain('Outgoing email is not set up');
    expect(notice?.querySelector('a')?.getAttribute('href')).toBe('/admin/mailboxes');
  });

  it('names the departments whose replies wait when only some can send', async () => {
    const el = await mount('en', 'administrator', true, [2]);
    expect(el.querySelector('[data-notice="outgoing-email"]')).toBeNull();
    const notice = el.querySelector('[data-notice="outgoing-email-departments"]');
    expect(notice?.textContent).toContain('Replies in Поддержка wait for a mail server');
    expect((await mount('en', 'administrator', true, [])).querySelector('[data-notice]')).toBeNull();
  });

  it('speaks the console\'s language', async () => {
    const el = await mount('ru', 'administrator', false);
    expect(el.querySelector('[data-notice="outgoing-email"]')?.textContent).toContain('Исходящая почта не настроена');
  });

  it('says nothing when email can go out, nor to agents who cannot change it', async () => {
    expect((await mount('en', 'administrator', true)).querySelector('[data-notice]')).toBeNull();
    unmount();
    root.remove();
    expect((await mount('en', 'agent', false)).querySelector('[data-notice]')).toBeNull();
  });
});
