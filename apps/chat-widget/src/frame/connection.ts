/**
 * The frame's socket to /visitor, typed by the protocol's visitor events: it connects with the visitor's
 * token, comes back by itself after any loss (with a new token when the old one was refused), and sends
 * acknowledged commands that give up after a while rather than hang.
 */
import type {
  Ack,
  VisitorClientToServerEvents,
  VisitorCommandName,
  VisitorCommandPayload,
  VisitorCommandResult,
  VisitorFactName,
  VisitorServerToClientEvents,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

const ACK_TIMEOUT_MS = 10_000;
const RETRY_AFTER_REFUSAL_MS = 2_000;
/** Refused because this visitor (or address) has as many sockets open as allowed: a tab too many, so wait longer. */
const RETRY_WHEN_CROWDED_MS = 30_000;
const TOO_MANY_CONNECTIONS = 'realtime/too_many_connections';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** Where the token comes from: read at every handshake, renewed when the server refuses it. */
export interface TokenSource {
  readonly token: string | null;
  renew(): Promise<void>;
}

export interface ConnectionHooks {
  /** Connected, the first time or again: time to catch up. */
  readonly connected: () => void;
  /** The connection dropped or was refused; it is being retried. */
  readonly lost: () => void;
}

export class Connection {
  readonly #socket: VisitorSocket;

  /** `url`: the namespace's address, the frame's own server's unless told otherwise (tests). */
  constructor(tokens: TokenSource, hooks: ConnectionHooks, url = '/visitor') {
    const socket: VisitorSocket = io(url, {
      transports: ['websocket'],
      auth: (callback) => callback({ token: tokens.token }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.#socket = socket;
    socket.on('connect', () => hooks.connected());
    socket.on('disconnect', (reason) => {
      hooks.lost();
      // socket.io reconnects by itself after a lost connection, but not when the server ended it: do it here.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000);
    });
    socket.on('connect_error', (error) => {
      hooks.lost();
      // Refused at the handshake (an expired or unknown token): socket.io gives up, so get a new token and retry.
      if (!socket.active) {
        const retry = async (): Promise<void> => {
          if (/token/i.test(error.message)) await tokens.renew();
          socket.connect();
        };
        setTimeout(() => void retry(), error.message === TOO_MANY_CONNECTIONS ? RETRY_WHEN_CROWDED_MS : RETRY_AFTER_REFUSAL_MS);
      }
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** Disconnects for good (no reconnecting). */
  close(): void {
    this.#socket.disconnect();
  }

  // socket.io's types cannot resolve an event's parameters for a generic event name, so each method below
  // states them for its K: the names and payloads stay the protocol's.
  on<K extends VisitorFactName>(fact: K, listener: VisitorServerToClientEvents[K]): void {
    (this.#socket as unknown as { on(fact: K, listener: VisitorServerToClientEvents[K]): void }).on(fact, listener);
  }

  /** An acknowledged command, or undefined when no answer came in time (or the socket is down). */
  ack<K extends VisitorCommandName>(command: K, payload: VisitorCommandPayload<K>): Promise<Ack<VisitorCommandResult<K>> | undefined> {
    type Answer = (error: Error | null, res: Ack<VisitorCommandResult<K>>) => void;
    const timed = this.#socket.timeout(ACK_TIMEOUT_MS) as unknown as { emit(command: K, payload: VisitorCommandPayload<K>, answer: Answer): void };
    return new Promise((resolve) => timed.emit(command, payload, (error, res) => resolve(error ? undefined : res)));
  }

  /** A command whose answer does not matter (typing, receipts): sent now or not at all. */
  tell<K extends VisitorCommandName>(command: K, payload: VisitorCommandPayload<K>): void {
    (this.#socket as unknown as { emit(command: K, payload: VisitorCommandPayload<K>, answer: () => void): void }).emit(command, payload, () => undefined);
  }
}
