import type { CallSignal } from '@parley/protocol';

/** What the agent sees of the audio link to one colleague. */
export type PeerLinkState = 'connecting' | 'connected' | 'reconnecting';

export interface PeerLinkOptions {
  /** In perfect negotiation the polite side gives way when both offer at once; exactly one side of a pair is. */
  polite: boolean;
  iceServers: RTCIceServer[];
  /** The microphone track, and whether it is held back (muted: nothing is sent). */
  track: MediaStreamTrack;
  muted: boolean;
  stream: MediaStream;
  send(signal: CallSignal): void;
  onStream(stream: MediaStream): void;
  onState(state: PeerLinkState): void;
}

/** How long a link may stay "disconnected" before its ICE is restarted without waiting for "failed". */
const DISCONNECTED_RESTART_MS = 4_000;

/**
 * The audio link to one colleague's console tab: one RTCPeerConnection, negotiated with the "perfect
 * negotiation" pattern (either side may offer, at the start or to restart ICE; a collision is resolved by
 * politeness), and restarted (`restartIce`) when the network path fails.
 */
/** The DTLS fingerprint an SDP announces: it names the browser's peer connection that wrote it. */
export function sdpFingerprint(sdp: string): string | null {
  return /^a=fingerprint:(.+?)\s*$/m.exec(sdp)?.[1] ?? null;
}

export class PeerLink {
  readonly pc: RTCPeerConnection;
  private readonly sender: RTCRtpSender;
  private makingOffer = false;
  private ignoreOffer = false;
  /** Signals are applied one after another: an answer must not overtake its offer, nor a candidate its description. */
  private queue: Promise<void> = Promise.resolve();
  /** Candidates that came before any description of the other side. */
  private readonly early: CallSignal[] = [];
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    // addTrack (not addTransceiver): a remote offer arriving first then reuses this transceiver instead of adding one.
    this.sender = this.pc.addTrack(options.track, options.stream);
    if (options.muted) void this.sender.replaceTrack(null);
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) options.send({ type: 'candidate', candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    };
    this.pc.ontrack = ({ track, streams }) => options.onStream(streams[0] ?? new MediaStream([track]));
    this.pc.onconnectionstatechange = () => this.connectionChanged();
    options.onState('connecting');
  }

  /** An offer, answer or candidate from the other side. */
  receive(signal: CallSignal): Promise<void> {
    this.queue = this.queue.then(() => this.apply(signal)).catch(() => undefined);
    return this.queue;
  }

  /**
   * Whether an offer comes from another peer connection than the one this link talks to (the colleague's page
   * was reloaded, or their side opened a new link): such an offer cannot renegotiate this link.
   */
  isFromAnotherConnection(offerSdp: string): boolean {
    const current = this.pc.remoteDescription?.sdp;
    return current !== undefined && current !== '' && sdpFingerprint(current) !== sdpFingerprint(offerSdp);
  }

  /** Sends this track from now on (another microphone), or nothing (muted): no new negotiation is needed. */
  async setTrack(track: MediaStreamTrack | null): Promise<void> {
    await this.sender.replaceTrack(track);
  }

  close(): void {
    this.closed = true;
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.pc.close();
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.options.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
    } catch {
      // A closed or rolled-back connection: the next negotiationneeded tries again.
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: CallSignal): Promise<void> {
    if (this.closed) return;
    if (signal.type === 'candidate') {
      // A candidate that overtook its description waits for it.
      if (!this.pc.remoteDescription) {
        this.early.push(signal);
        return;
      }
      try {
        await this.pc.addIceCandidate({ candidate: signal.candidate, sdpMid: signal.sdpMid, sdpMLineIndex: signal.sdpMLineIndex });
      } catch (error) {
        // Candidates of an offer this side ignored do not fit; any other failure is real.
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const collision = signal.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp });
    if (signal.type === 'offer') {
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.options.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
    }
    for (const early of this.early.splice(0)) await this.apply(early);
  }

  private connectionChanged(): void {
    const state = this.pc.connectionState;
    if (this.disconnectedTimer) {
      clearTimeout(this.disconnectedTimer);
      this.disconnectedTimer = null;
    }
    if (state === 'connected') this.options.onState('connected');
    else if (state === 'failed') this.restart();
    else if (state === 'disconnected') {
      // Often a blip that heals by itself; if not, a new path is looked for before "failed" would come.
      this.options.onState('reconnecting');
      this.disconnectedTimer = setTimeout(() => this.restart(), DISCONNECTED_RESTART_MS);
    }
  }

  private restart(): void {
    if (this.closed) return;
    this.options.onState('reconnecting');
    this.pc.restartIce();
  }
}
