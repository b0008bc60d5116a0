import type { CallDto, CallSignalDto, CallStopRingingDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { type CallSession, createCallSession } from '../modules/calls/call-session';
import { CALL_TAB_ID, callClientId } from '../modules/calls/tab-id';
import { useAgentConnectionStore } from './agent-connection';
import { useSessionStore } from './session';

/** What the agent is told after a call that did not go as hoped (shown until dismissed or the next call). */
export interface CallNotice {
  kind: 'busy' | 'declined' | 'missed' | 'missedIncoming' | 'ended';
  call: CallDto;
}

/**
 * Calls as this console tab sees them: those ringing for the agent (in every tab), the one call this tab is
 * in (signalling over the agent socket; the audio in a CallSession), and what became of the last one.
 */
export const useCallsStore = defineStore('calls', () => {
  const connection = useAgentConnectionStore();
  const known = reactive(new Map<number, CallDto>());
  /** Calls that stopped ringing here (answered in another tab, declined, missed) although their state lags. */
  const silenced = reactive(new Set<number>());
  const activeCallId = ref<number | null>(null);
  const media = shallowRef<CallSession | null>(null);
  const notice = ref<CallNotice | null>(null);
  /** While this tab's accept or join is on its way, states still showing the agent rung (or gone) are older news. */
  let entering = false;

  const selfId = () => useSessionStore().agent?.id ?? 0;
  const mine = (call: CallDto) => call.participants.find((p) => p.agentId === selfId());
  const incoming = computed(() =>
    [...known.values()].filter((c) => c.status !== 'ended' && c.id !== activeCallId.value && !silenced.has(c.id) && mine(c)?.state === 'ringing'),
  );
  const active = computed(() => (activeCallId.value === null ? null : (known.get(activeCallId.value) ?? null)));
  /** The group call going on in this channel (the server tells every member of it), if any. */
  function goingOnIn(conversationId: number): CallDto | null {
    return [...known.values()].find((c) => c.conversationId === conversationId && c.kind === 'group' && c.status !== 'ended') ?? null;
  }
  /**
   * The group call going on in this channel that this tab may join: not the tab's own call, and not one the
   * agent is in from another tab. A console that lost its connection (a reload) shows `disconnected` and may
   * take its call back.
   */
  function joinableIn(conversationId: number): CallDto | null {
    const call = goingOnIn(conversationId);
    return call && call.id !== activeCallId.value && mine(call)?.state !== 'joined' ? call : null;
  }
  /** A direct call in this conversation that the agent's console lost (a reloaded page): it may be taken back while the grace lasts. */
  function resumableIn(conversationId: number): CallDto | null {
    return [...known.values()].find((c) => c.conversationId === conversationId && c.kind === 'direct' && c.status !== 'ended' && c.id !== activeCallId.value && mine(c)?.state === 'disconnected') ?? null;
  }

  function upsert(call: CallDto): void {
    const before = known.get(call.id);
    known.set(call.id, call);
    if (call.id === activeCallId.value) {
      void media.value?.sync(call).catch(() => undefined);
      const me = mine(call);
      if (call.status === 'ended' || (!entering && me && me.state !== 'joined' && me.state !== 'disconnected')) finish(call);
    } else if (call.status === 'ended' && before?.status !== 'ended' && call.callerAgentId === selfId() && call.endReason && call.endReason !== 'completed') {
      notice.value = { kind: call.endReason === 'cancelled' ? 'ended' : call.endReason, call };
    }
    if (call.status === 'ended') setTimeout(() => known.delete(call.id), 60_000);
  }

  /** This tab leaves the call: its audio stops; a call that did not get answered says why. */
  function finish(call: CallDto): void {
    media.value?.close();
    media.value = null;
    activeCallId.value = null;
    const reason = call.endReason;
    if (call.status === 'ended' && call.answeredAt === null && (reason === 'busy' || reason === 'declined' || reason === 'missed')) notice.value = { kind: reason, call };
    else notice.value = { kind: 'ended', call };
  }

  function session(): CallSession {
    const outgoing = new Map<number, Promise<void>>();
    const created = createCallSession({
      selfAgentId: selfId(),
      iceServers: async () =>
        (await connection.command('call:ice_servers', {})).iceServers.map(({ urls, username, credential }) => ({ urls, ...(username ? { username } : {}), ...(credential ? { credential } : {}) })),
      send: (toAgentId, signal) => {
        const callId = activeCallId.value;
        if (callId === null) return;
        // One after another per colleague: the server relays each as it is handled, so two sent at once
        // could overtake each other (a candidate before its offer).
        const previous = outgoing.get(toAgentId) ?? Promise.resolve();
        const next = previous.then(() => connection.command('call:signal', { callId, tabId: CALL_TAB_ID, toAgentId, signal })).then(
          () => undefined,
          () => undefined,
        );
        outgoing.set(toAgentId, next);
      },
    });
    media.value = created;
    return created;
  }

  /**
   * Takes the call into this tab: the microphone first (a refusal stops here), then the server's word; the
   * audio links open as the answer and later states name who is in the call.
   */
  async function enter(callId: number | null, command: () => Promise<CallDto>): Promise<void> {
    if (activeCallId.value !== null) throw new Error('Already in a call in this tab.');
    const created = session();
    activeCallId.value = callId;
    notice.value = null;
    entering = true;
    try {
      await created.ready;
      const call = await command();
      entering = false;
      // Ended meanwhile (the caller gave up as this was being answered): nothing to take up.
      if (media.value !== created) return;
      activeCallId.value = call.id;
      upsert(call);
    } catch (error) {
      entering = false;
      created.close();
      if (media.value === created) media.value = null;
      activeCallId.value = null;
      throw error;
    }
  }

  function start(conversationId: number, ticketId?: number): Promise<void> {
    const clientId = callClientId();
    return enter(null, () => connection.command('call:start', { conversationId, tabId: CALL_TAB_ID, clientId, ...(ticketId ? { ticketId } : {}) }));
  }

  function accept(callId: number): Promise<void> {
    silenced.add(callId);
    return enter(callId, () => connection.command('call:accept', { callId, tabId: CALL_TAB_ID })).catch((error) => {
      silenced.delete(callId);
      throw error;
    });
  }

  function join(callId: number): Promise<void> {
    silenced.add(callId);
    return enter(callId, () => connection.command('call:join', { callId, tabId: CALL_TAB_ID }));
  }

  /** Takes a call this agent's lost console was in back into this tab. */
  function resume(callId: number): Promise<void> {
    return enter(callId, () => connection.command('call:resume', { callId, tabId: CALL_TAB_ID }));
  }

  async function decline(callId: number): Promise<void> {
    silenced.add(callId);
    upsert(await connection.command('call:decline', { callId }));
  }

  async function hangUp(): Promise<void> {
    const call = active.value;
    if (!call) return;
    try {
      upsert(await connection.command('call:hangup', { callId: call.id }));
    } finally {
      if (activeCallId.value === call.id) finish({ ...call, status: 'ended' });
    }
  }

  // Facts from the server (handed over by the live store).
  function ringing(call: CallDto): void {
    silenced.delete(call.id);
    upsert(call);
  }

  function stopRinging({ callId, reason }: CallStopRingingDto): void {
    silenced.add(callId);
    const call = known.get(callId);
    if (call && reason === 'missed' && callId !== activeCallId.value) notice.value = { kind: 'missedIncoming', call };
  }

  function signal({ callId, fromAgentId, signal: payload }: CallSignalDto): void {
    if (callId === activeCallId.value) void media.value?.receive(fromAgentId, payload).catch(() => undefined);
  }

  /**
   * On every (re)connection: the calls ringing now, and this tab's call taken up on its new connection. The
   * resume also puts the new connection in the tab's room; it is refused when the server had not yet noticed
   * the old connection going, which leaves the call as it is.
   */
  async function connected(): Promise<void> {
    const { calls } = await connection.command('call:current', {});
    const callId = activeCallId.value;
    if (callId !== null && !calls.some((c) => c.id === callId)) {
      const call = known.get(callId);
      if (call) finish({ ...call, status: 'ended' });
    } else if (callId !== null) {
      await connection.command('call:resume', { callId, tabId: CALL_TAB_ID }).then(upsert, () => undefined);
    }
    for (const call of calls) upsert(call);
  }

  function dismissNotice(): void {
    notice.value = null;
  }

  return { known, incoming, active, activeCallId, media, notice, goingOnIn, joinableIn, resumableIn, start, accept, join, resume, decline, hangUp, ringing, upsert, stopRinging, signal, connected, dismissNotice };
});
