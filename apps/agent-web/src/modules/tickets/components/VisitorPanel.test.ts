// @vitest-environment happy-dom
import type { VisitorContextDto } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../../i18n';
import { fakeApi, settle, textOf } from '../../admin/mount-admin-view';
import VisitorPanel from './VisitorPanel.vue';

const context: VisitorContextDto = {
  visitor: {
    verified: false,
    externalUserId: null,
    claimedEmail: 'someone@example.com',
    currentPage: { url: 'https://shop.example/shoes', title: 'Shoes', at: '2026-11-30T10:00:00.000Z' },
    pages: [
      { url: 'https://shop.example/', title: 'Home', at: '2026-11-30T09:58:00.000Z' },
      { url: 'https://shop.example/shoes', title: 'Shoes', at: '2026-11-30T10:00:00.000Z' },
    ],
    referrer: 'https://search.example/?q=shoes',
    browser: 'Chrome 131',
    os: 'Windows 10',
    language: 'bg-BG',
    timeZone: 'Asia/Tokyo',
    lastSeenAt: '2026-11-30T10:00:00.000Z',
    left: false,
  },
  earlier: [{ id: 12, number: '12', subject: 'Where is my order?', channel: 'email', status: 'resolved', createdAt: '2026-10-01T08:00:00.000Z' }],
};

type Answer = { status?: number; body: unknown };

async function mountPanel(answer: Answer | (() => Answer)): Promise<{ root: HTMLElement; unmount(): void }> {
  const api = fakeApi().on('GET /tickets/5/visitor', answer);
  vi.stubGlobal('fetch', api.fetch);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/tickets/:id', name: 'ticket', component: { render: () => null } }, { path: '/', component: { render: () => null } }] });
  await router.push('/');
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(VisitorPanel, { ticketId: 5 }) });
  app.use(createPinia()).use(createAppI18n('en')).use(router);
  app.mount(root);
  await settle();
  return {
    root,
    unmount() {
      app.unmount();
      root.remove();
      vi.unstubAllGlobals();
    },
  };
}

describe('VisitorPanel', () => {
  let mounted: { unmount(): void } | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
    vi.useRealTimers();
  });

  it('shows where the visitor is and has been, their browser, system, language and local time, and earlier tickets', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T10:05:00.000Z'), toFake: ['Date'] });
    const { root, unmount } = await mountPanel({ body: context });
    mounted = { unmount };
    const facts = textOf(root.querySelector('dl'));
    expect(facts).toContain('Current page Shoes https://shop.example/shoes');
    expect(facts).toContain('Came from https://search.example/?q=shoes');
    expect(facts).toContain('Browser Chrome 131');
    expect(facts).toContain('Operating system Windows 10');
    expect(facts).toContain('Language Bulgarian (Bulgaria)');
    // 10:05 UTC is 19:05 in Tokyo.
    expect(facts).toContain('Local time 7:05 PM (Asia/Tokyo)');
    expect(facts).toContain('Typed email (not verified) someone@example.com');
    const link = root.querySelector<HTMLAnchorElement>('dd a')!;
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect([...root.querySelectorAll('.visitor__pages li .visitor__page')].map((li) => li.textContent)).toEqual(['Shoes', 'Home']);
    const earlier = root.querySelector('.visitor__tickets li')!;
    expect(textOf(earlier)).toContain('#12 Where is my order? Email');
    expect(earlier.querySelector('a')!.getAttribute('href')).toBe('/tickets/12');
  });

  it('says so when no visit was recorded, and does not link an address that is not http(s)', async () => {
    const { root, unmount } = await mountPanel({ body: { visitor: null, earlier: [] } });
    mounted = { unmount };
    expect(textOf(root)).toContain('No visit recorded for this chat.');
    expect(textOf(root)).toContain('Earlier chats and tickets None.');
    unmount();
    const odd = await mountPanel({ body: { ...context, visitor: { ...context.visitor!, currentPage: { url: 'javascript:alert(1)', at: context.visitor!.lastSeenAt } } } });
    mounted = odd;
    expect(odd.root.querySelector('dd a')).toBeNull();
  });

  it('shows a refusal translated', async () => {
    const { root, unmount } = await mountPanel({ status: 404, body: { error: { code: 'ticket/not_found', message: 'x' } } });
    mounted = { unmount };
    expect(root.querySelector('[role="alert"]')?.textContent).toBeTruthy();
  });

  it('stops refreshing once the ticket is gone from the agent (transferred away: 404), instead of asking every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    let gone = false;
    const asked: number[] = [];
    mounted = await mountPanel(() => {
      asked.push(Date.now());
      return gone ? { status: 404, body: { error: { code: 'ticket/not_found', message: 'x' } } } : { body: context };
    });
    await settle();
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(asked).toHaveLength(2);
    gone = true;
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    await vi.advanceTimersByTimeAsync(5 * 30_000);
    await settle();
    expect(asked).toHaveLength(3);
  });
  it('keeps the visitor\'s last known details after they ended the chat, says so, and stops asking', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    let left = false;
    let asked = 0;
    const { root, unmount } = await mountPanel(() => {
      asked++;
      return { body: left ? { ...context, visitor: { ...context.visitor!, left: true } } : context };
    });
    mounted = { unmount };
    expect(root.querySelector('[role="note"]')).toBeNull();
    left = true;
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(textOf(root.querySelector('[role="note"]'))).toMatch(/^The visitor has left this chat\. Their last known details, as of .+:$/);
    const facts = textOf(root.querySelector('dl'));
    expect(facts).toContain('Last page Shoes https://shop.example/shoes');
    expect(facts).toContain('Browser Chrome 131');
    expect(facts).toContain('Operating system Windows 10');
    expect(asked).toBe(2);
    await vi.advanceTimersByTimeAsync(3 * 30_000);
    await settle();
    expect(asked).toBe(2);
  });
});
