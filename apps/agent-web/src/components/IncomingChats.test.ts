// @vitest-environment happy-dom
import type { ChatOfferDto } from '@parley/protocol';
import { createPinia, type Pinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import { RING_REPEAT_MS } from '../composables/use-chat-ringer';
import { createAppI18n } from '../i18n';
import { useChatRoutingStore } from '../stores/chat-routing';
import { useAgentConnectionStore } from '../stores/agent-connection';
import { usePreferencesStore } from '../stores/preferences';
import IncomingChats from './IncomingChats.vue';

/** Records the tones the ringer plays, as the Web Audio API would be asked for them. */
class FakeAudioContext {
  static oscillators = 0;
  currentTime = 0;
  destination = {};
  createGain() {
    return { connect: () => undefined, gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined } };
  }
  createOscillator() {
    FakeAudioContext.oscillators++;
    return { frequency: { value: 0 }, connect: () => undefined, start: () => undefined, stop: () => undefined };
  }
  close() {
    return Promise.resolve();
  }
}

const shown: { title: string; body: string }[] = [];
class FakeNotification {
  static permission = 'granted';
  onclick: (() => void) | null = null;
  constructor(title: string, options: { body: string }) {
    shown.push({ title, body: options.body });
  }
  close() {}
}

const offer = (over: Partial<ChatOfferDto> = {}): ChatOfferDto => ({
  ticketId: 41,
  number: '41',
  departmentId: 2,
  departmentName: 'Support',
  visitorName: 'Vera Visitor',
  preview: 'My parcel never arrived',
  waitingSince: new Date(Date.now() - 42_000).toISOString(),
  widened: false,
  transferred: false,
  ...over,
});

describe('IncomingChats', () => {
  let pinia: Pinia;
  let router: Router;
  let root: HTMLElement;
  let unmount: () => void;
  let command: ReturnType<typeof vi.fn>;

  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await Promise.resolve();
      await nextTick();
    }
  };
  const card = () => root.querySelector('article');
  const buttonNamed = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    FakeAudioContext.oscillators = 0;
    shown.length = 0;
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('Notification', FakeNotification);
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    pinia = createPinia();
    usePreferencesStore(pinia).setLocale('en');
    command = vi.fn(async (event: string, payload: { ticketId: number }) => (event === 'chat:accept' ? { ticketId: payload.ticketId, phase: 'active' } : { ticketId: payload.ticketId }));
    (useAgentConnectionStore(pinia) as unknown as { command: typeof command }).command = command;
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/tickets', name: 'tickets', component: { render: () => h('p', 'list') } },
        { path: '/tickets/:id', name: 'ticket', component: { render: () => h('p', 'ticket') } },
      ],
    });
    await router.push('/tickets');
    root = document.createElement('div');
    document.body.append(root);
    const app = createApp({ render: () => h(IncomingChats) });
    app.use(pinia).use(createAppI18n('en')).use(router);
    app.mount(root);
    unmount = () => {
      app.unmount();
      root.remove();
    };
    await settle();
  });

  afterEach(() => {
    unmount();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows nothing while no chat rings', () => {
    expect(root.querySelector('section')).toBeNull();
    expect(FakeAudioContext.oscillators).toBe(0);
  });

  it('rings for a new chat with a card, a tone and a system notification, and rings again until answered', async () => {
    useChatRoutingStore(pinia).offered(offer());
    await settle();
    expect(root.querySelector('section')?.getAttribute('aria-label')).toBe('Incoming chats');
    expect(card()?.querySelector('h2')?.textContent).toBe('Incoming chat #41');
    expect(card()?.textContent).toContain('Vera Visitor');
    expect(card()?.textContent).toContain('Support');
    expect(card()?.querySelector('blockquote')?.textContent).toBe('My parcel never arrived');
    expect(card()?.textContent).toContain('Waiting 0:42');
    expect(FakeAudioContext.oscillators).toBeGreaterThan(0);
    expect(shown).toEqual([{ title: 'Incoming chat', body: 'Chat #41 from Vera Visitor is waiting for an agent' }]);

    const afterFirst = FakeAudioContext.oscillators;
    vi.advanceTimersByTime(RING_REPEAT_MS);
    await settle();
    expect(FakeAudioContext.oscillators).toBeGreaterThan(afterFirst);
    expect(card()?.textContent).toContain(`Waiting 0:${42 + RING_REPEAT_MS / 1000}`);
  });

  it('says when the chat was offered beyond its department or transferred to this agent', async () => {
    useChatRoutingStore(pinia).offered(offer({ ticketId: 7, number: '7', widened: true, visitorName: null }));
    useChatRoutingStore(pinia).offered(offer({ ticketId: 8, number: '8', transferred: true }));
    await settle();
    const [widened, transferred] = [...root.querySelectorAll('article')];
    expect(widened?.textContent).toContain('Offered to everyone: nobody in Support answered in time');
    expect(widened?.textContent).toContain('Visitor');
    expect(transferred?.textContent).toContain('Transferred to you');
  });

  it('accepts: takes the chat over the live connection, opens its ticket, and stops ringing', async () => {
    useChatRoutingStore(pinia).offered(offer());
    await settle();
    buttonNamed('Accept').click();
    await settle();
    await vi.runOnlyPendingTimersAsync();
    await settle();
    expect(command).toHaveBeenCalledWith('chat:accept', { ticketId: 41 });
    expect(router.currentRoute.value).toMatchObject({ name: 'ticket', params: { id: '41' } });
    expect(card()).toBeNull();
    const rung = FakeAudioContext.oscillators;
    vi.advanceTimersByTime(RING_REPEAT_MS * 2);
    expect(FakeAudioContext.oscillators).toBe(rung);
  });

  it('declines: the card goes and the server is told', async () => {
    useChatRoutingStore(pinia).offered(offer());
    await settle();
    buttonNamed('Decline').click();
    await settle();
    expect(command).toHaveBeenCalledWith('chat:decline', { ticketId: 41 });
    expect(card()).toBeNull();
    expect(router.currentRoute.value.name).toBe('tickets');
  });

  it('says a colleague was faster when the accept is refused, and the card goes', async () => {
    command.mockRejectedValueOnce(new ApiError(400, 'chat/already_taken', 'taken'));
    useChatRoutingStore(pinia).offered(offer());
    await settle();
    buttonNamed('Accept').click();
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('A colleague took this chat first.');
    expect(card()).toBeNull();
    expect(router.currentRoute.value.name).toBe('tickets');
  });

  it('disappears when the server withdraws the offer (someone else accepted, or the chat ended)', async () => {
    useChatRoutingStore(pinia).offered(offer());
    await settle();
    expect(card()).not.toBeNull();
    useChatRoutingStore(pinia).withdrawn(41);
    await settle();
    expect(root.querySelector('section')).toBeNull();
    const rung = FakeAudioContext.oscillators;
    vi.advanceTimersByTime(RING_REPEAT_MS * 2);
    expect(FakeAudioContext.oscillators).toBe(rung);
  });

  it('tells of an invitation into a colleague\'s chat and opens it', async () => {
    useChatRoutingStore(pinia).invited({ ticketId: 9, number: '9', byAgentId: 3 });
    await settle();
    expect(card()?.querySelector('h2')?.textContent).toBe('You were invited into chat #9');
    expect(shown.at(-1)?.body).toBe('A colleague invited you into chat #9');
    buttonNamed('Open chat').click();
    await settle();
    await vi.runOnlyPendingTimersAsync();
    await settle();
    expect(router.currentRoute.value).toMatchObject({ name: 'ticket', params: { id: '9' } });
    expect(card()).toBeNull();
  });
});
