import type { CallDto, CallSignal } from '@parley/protocol';
import { reactive, ref, shallowReactive } from 'vue';
import { watchAudioLevel } from './audio-level';
import { type AudioDevices, listAudioDevices, openMicrophone, stopStream } from './local-media';
import { PeerLink, type PeerLinkState } from './peer-link';

export interface CallSessionOptions {
  selfAgentId: number;
  iceServers(): Promise<RTCIceServer[]>;
  send(toAgentId: number, signal: CallSignal): void;
}

/** Participant states in which an agent's audio is (still) expected: a disconnected console may come back. */
const PRESENT = new Set(['joined', 'disconnected']);

/**
 * This tab's side of one call: the microphone, one PeerLink per colleague in the call (a mesh), what each
 * sends back and how loud it is. The lower agent id of each pair opens the link; the other answers it.
 */
export function createCallSession(options: CallSessionOptions) {
  const links = new Map<number, PeerLink>();
  const linkStates = reactive(new Map<number, PeerLinkState>());
  const levels = reactive(new Map<number, number>());
  const remoteStreams = shallowReactive(new Map<number, MediaStream>());
  const stopMeters = new Map<number, () => void>();
  const localLevel = ref(0);
  const muted = ref(false);
  const microphoneId = ref<string | null>(null);
  const speakerId = ref<string | null>(null);
  const devices = ref<AudioDevices>({ microphones: [], speakers: [] });
  let stream: MediaStream | null = null;
  let iceServers: RTCIceServer[] = [];
  let closed = false;

  async function prepare(): Promise<void> {
    const [microphone, servers] = await Promise.all([openMicrophone(), options.iceServers()]);
    stream = microphone;
    iceServers = servers;
    microphoneId.value = microphone.getAudioTracks()[0]?.getSettings().deviceId ?? null;
    meter(options.selfAgentId, microphone);
    devices.value = await listAudioDevices().catch(() => devices.value);
  }
  /** The microphone (asked for before anything rings, so a refusal stops the call before it starts) and ICE servers. */
  const ready = prepare();

  function meter(agentId: number, of: MediaStream): void {
    stopMeters.get(agentId)?.();
    stopMeters.set(
      agentId,
      watchAudioLevel(of, (level) => {
        if (agentId === options.selfAgentId) localLevel.value = muted.value ? 0 : level;
        else levels.set(agentId, level);
      }),
    );
  }

  function link(agentId: number): PeerLink {
    const existing = links.get(agentId);
    if (existing) return existing;
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) throw new Error('The microphone is not open.');
    const created = new PeerLink({
      polite: options.selfAgentId > agentId,
      iceServers,
      track,
      muted: muted.value,
      stream,
      send: (signal) => options.send(agentId, signal),
      onStream: (remote) => {
        remoteStreams.set(agentId, remote);
        meter(agentId, remote);
      },
      onState: (state) => linkStates.set(agentId, state),
    });
    links.set(agentId, created);
    return created;
  }

  function drop(agentId: number): void {
    links.get(agentId)?.close();
    links.delete(agentId);
    linkStates.delete(agentId);
    remoteStreams.delete(agentId);
    levels.delete(agentId);
    stopMeters.get(agentId)?.();
    stopMeters.delete(agentId);
  }

  /** Each colleague's state in the call as last synced, to notice one coming back. */
  const lastStates = new Map<number, string>();

  /**
   * The call as the server has it now: links to newly joined colleagues are opened, those of leavers closed.
   * A colleague back from a lost connection may be a reloaded page with nothing of the old link: the side
   * that opens links opens a new one (the other side takes its offer as from another connection).
   */
  async function sync(call: CallDto): Promise<void> {
    await ready;
    if (closed) return;
    for (const participant of call.participants) {
      const agentId = participant.agentId;
      if (agentId === options.selfAgentId) continue;
      const before = lastStates.get(agentId);
      lastStates.set(agentId, participant.state);
      if (!PRESENT.has(participant.state) || call.status === 'ended') drop(agentId);
      else if (participant.state === 'joined' && options.selfAgentId < agentId) {
        if (before === 'disconnected') drop(agentId);
        link(agentId);
      }
    }
  }

  async function receive(fromAgentId: number, signal: CallSignal): Promise<void> {
    await ready;
    if (closed) return;
    // An offer from a new peer connection of the colleague (their page reloaded): this link starts afresh.
    if (signal.type === 'offer' && links.get(fromAgentId)?.isFromAnotherConnection(signal.sdp)) drop(fromAgentId);
    await link(fromAgentId).receive(signal);
  }

  async function setMuted(value: boolean): Promise<void> {
    muted.value = value;
    const track = stream?.getAudioTracks()[0] ?? null;
    // Held back from every link (no packets at all), and disabled so the own meter shows it too.
    if (track) track.enabled = !value;
    await Promise.all([...links.values()].map((l) => l.setTrack(value ? null : track)));
  }

  async function useMicrophone(deviceId: string): Promise<void> {
    await ready;
    const next = await openMicrophone(deviceId);
    const track = next.getAudioTracks()[0] ?? null;
    if (track) track.enabled = !muted.value;
    await Promise.all([...links.values()].map((l) => l.setTrack(muted.value ? null : track)));
    stopStream(stream);
    stream = next;
    microphoneId.value = deviceId;
    meter(options.selfAgentId, next);
  }

  function close(): void {
    closed = true;
    for (const agentId of [...links.keys()]) drop(agentId);
    stopMeters.get(options.selfAgentId)?.();
    stopMeters.clear();
    void ready.finally(() => stopStream(stream)).catch(() => undefined);
  }

  return { ready, linkStates, levels, remoteStreams, localLevel, muted, microphoneId, speakerId, devices, sync, receive, setMuted, useMicrophone, close };
}

export type CallSession = ReturnType<typeof createCallSession>;
