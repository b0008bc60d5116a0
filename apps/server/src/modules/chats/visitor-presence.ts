import type { VisitorNamespace } from '../../realtime/socket-types.js';
import { visitorRooms } from '../../realtime/rooms.js';

/**
 * Whether a website visitor's widget is connected right now, on any instance (with Redis the adapter asks
 * every instance). The namespace exists only once the server is built, hence `attach`; before that (and in
 * tools without sockets) nobody is connected.
 */
export class VisitorPresence {
  #visitors: VisitorNamespace | null = null;

  attach(visitors: VisitorNamespace): void {
    this.#visitors = visitors;
  }

  async anyConnected(visitorIds: readonly string[]): Promise<boolean> {
    if (!this.#visitors || visitorIds.length === 0) return false;
    const sockets = await this.#visitors.in(visitorIds.map(visitorRooms.visitor)).fetchSockets();
    return sockets.length > 0;
  }
}
