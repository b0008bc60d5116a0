import { announcesArrival } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { AgentNamespace, AgentSocket } from '../../realtime/socket-types.js';
import { SerialQueue } from '../../realtime/serial-queue.js';
import { presenceOf } from './presence.service.js';

/**
 * Tells every connected agent when someone's presence changes: their availability, their first connection
 * arriving, their last one leaving. A departure is announced only after a grace period and only if no
 * connection of theirs (on any instance) is back by then, so reloading the console does not flap.
 */
export class PresenceAnnouncer {
  readonly #queue: SerialQueue<number>;
  readonly #graces = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(
    private readonly app: AppContext,
    private readonly agents: AgentNamespace,
  ) {
    this.#queue = new SerialQueue(app.logger);
  }

  /** Sends the agent's current presence to every agent. Announcements about one agent leave in order. */
  announce(agentId: number): Promise<unknown> {
    return this.#queue.run(agentId, async () => {
      const presence = await presenceOf(this.app, this.app.orm.em.fork() as Em, agentId);
      if (presence) this.agents.emit('agent:presence', presence);
    });
  }

  /** A connection opened: the oldest of the agent's connections announces them (once, however many tabs open). */
  async connected(socket: AgentSocket): Promise<void> {
    if (this.#closed) return;
    const sockets = await this.app.connections.socketsOf(socket.data.agentId);
    const all = sockets.map((s) => ({ socketId: s.id, agentId: s.data.agentId, openedAt: s.handshake.issued }));
    const mine = { socketId: socket.id, agentId: socket.data.agentId, openedAt: socket.handshake.issued };
    if (announcesArrival(mine, all)) await this.announce(socket.data.agentId);
  }

  /** A connection closed: after the grace, announce the agent gone if none of their connections came back. */
  disconnected(socket: AgentSocket): void {
    if (this.#closed) return;
    const agentId = socket.data.agentId;
    const timer = setTimeout(() => {
      this.#graces.delete(timer);
      void this.#queue.run(agentId, async () => {
        if ((await this.app.connections.socketsOf(agentId)).length > 0) return;
        const presence = await presenceOf(this.app, this.app.orm.em.fork() as Em, agentId);
        if (presence && !presence.connected) this.agents.emit('agent:presence', presence);
      });
    }, this.app.config.realtime.presenceGraceMs);
    this.#graces.add(timer);
  }

  /** On shutdown: no departures are announced for connections the shutdown itself closes. */
  stop(): void {
    this.#closed = true;
    for (const timer of this.#graces) clearTimeout(timer);
    this.#graces.clear();
  }

  drain(): Promise<void> {
    return this.#queue.close();
  }
}
