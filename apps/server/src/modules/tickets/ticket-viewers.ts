import { ticketViewers } from '@parley/domain';
import type { TicketViewerDto } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { AgentNamespace, AgentSocket } from '../../realtime/socket-types.js';
import { rooms, ticketRooms } from '../../realtime/rooms.js';
import { SerialQueue } from '../../realtime/serial-queue.js';
import { Ticket } from './ticket.entity.js';
import { audienceSnapshot } from './ticket-transaction.js';

/**
 * Collision detection: who has a ticket open (sockets in its room, which only the visibility check of
 * `ticket:watch` lets in) and who types in it (a flag in each socket's data). Everything is read from the
 * sockets with fetchSockets, so every instance sees the same set and nothing lives in this process's memory
 * but the typing timers of its own sockets.
 */
export class TicketViewers {
  readonly #queue: SerialQueue<number>;

  constructor(
    private readonly app: AppContext,
    private readonly agents: AgentNamespace,
  ) {
    this.#queue = new SerialQueue(app.logger);
  }

  /**
   * Reads the ticket's viewers and sends them to each of them. Only connections that may still see the ticket
   * count and hear it: a socket is kept when it is in one of the rooms of the ticket's audience (its
   * departments, its assignee, administrators), so one that just lost sight of the ticket drops out at once,
   * even before its leaving the room has reached every instance.
   */
  async announce(ticketId: number): Promise<TicketViewerDto[]> {
    return (
      (await this.#queue.run(ticketId, async () => {
        const em = this.app.orm.em.fork() as Em;
        const ticket = await em.findOne(Ticket, { id: ticketId });
        if (!ticket) return [];
        const audience = ticketRooms(audienceSnapshot(ticket));
        const sockets = (await this.agents.in(rooms.ticket(ticketId)).fetchSockets()).filter((s) => audience.some((room) => s.rooms.has(room)));
        const viewers = ticketViewers(sockets.map((s) => ({ agentId: s.data.agentId, typing: s.data.typingTicketIds.includes(ticketId) })));
        if (sockets.length > 0) this.agents.to(sockets.map((s) => s.id)).emit('ticket:viewers', { ticketId, viewers });
        return viewers;
      })) ?? []
    );
  }

  /** The tickets a socket views (on `disconnecting`, before it leaves its rooms). */
  static watchedBy(socket: AgentSocket): number[] {
    return [...socket.rooms].filter((room) => room.startsWith('ticket:')).map((room) => Number(room.slice('ticket:'.length)));
  }

  close(): Promise<void> {
    return this.#queue.close();
  }
}

/**
 * One socket's typing: the flag in its data (which every instance reads) and the timer that lets it lapse
 * when the console stops renewing it. Lives and dies with the socket.
 */
export class SocketTyping {
  readonly #timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly socket: AgentSocket,
    private readonly lapseMs: number,
    private readonly lapsed: (ticketId: number) => void,
  ) {}

  /** Sets or clears typing in a ticket; true when that changed what others see. Renewing only restarts the lapse. */
  set(ticketId: number, typing: boolean): boolean {
    const was = this.socket.data.typingTicketIds.includes(ticketId);
    clearTimeout(this.#timers.get(ticketId));
    this.#timers.delete(ticketId);
    if (typing) {
      const timer = setTimeout(() => {
        this.#timers.delete(ticketId);
        if (this.set(ticketId, false)) this.lapsed(ticketId);
      }, this.lapseMs);
      this.#timers.set(ticketId, timer);
      if (!was) this.socket.data.typingTicketIds = [...this.socket.data.typingTicketIds, ticketId];
    } else if (was) {
      this.socket.data.typingTicketIds = this.socket.data.typingTicketIds.filter((id) => id !== ticketId);
    }
    return was !== typing;
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.socket.data.typingTicketIds = [];
  }
}
