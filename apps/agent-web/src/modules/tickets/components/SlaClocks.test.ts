// @vitest-environment happy-dom
import type { TicketSlaDto } from '@parley/protocol';
import { createApp, h } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../../i18n';
import SlaClocks from './SlaClocks.vue';

function mount(sla: TicketSlaDto): { root: HTMLElement; unmount(): void } {
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(SlaClocks, { sla }) });
  app.use(createAppI18n('en'));
  app.mount(root);
  return {
    root,
    unmount() {
      app.unmount();
      root.remove();
    },
  };
}

describe('SlaClocks', () => {
  afterEach(() => vi.useRealTimers());

  it('shows each counting target as due in …, a past one as missed, and nothing for met or paused ones', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-03-01T10:00:00Z'));
    const { root, unmount } = mount({
      policyId: 1,
      nextDueAt: '2027-03-01T09:25:00Z',
      dueAt: { first_response: '2027-03-01T09:25:00Z', next_response: null, resolution: '2027-03-01T12:00:00Z', chat_answer: null },
    });
    const rows = [...root.querySelectorAll('li')].map((li) => [li.dataset.target, li.dataset.state, [...li.children].map((child) => child.textContent).join(' ')]);
    expect(rows).toEqual([
      ['first_response', 'breached', 'First response missed, due 35 minutes ago'],
      ['resolution', 'running', 'Resolution due in 2 hours'],
    ]);
    unmount();
  });

  it('says when nothing is due', () => {
    const { root, unmount } = mount({ policyId: 1, nextDueAt: null, dueAt: { first_response: null, next_response: null, resolution: null, chat_answer: null } });
    expect(root.textContent).toContain('Nothing due');
    unmount();
  });
});
