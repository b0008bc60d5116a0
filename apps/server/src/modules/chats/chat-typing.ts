import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { AgentNamespace, VisitorNamespace } from '../../realtime/socket-types.js';
import { chatItemVisitorRooms, rooms } from '../../realtime/rooms.js';
import { Agent } from '../agents/agent.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { audienceSnapshot } from '../tickets/ticket-transaction.js';
import { Visitor } from './visitor.entity.js';

/**
 * An agent types in a chat ticket (or stopped): its visitor hears `chat:agent_typing` with the agent's display
 * name, never an id. The audience is the one a public reply would have (chatItemVisitorRooms): no visitor of an
 * internal ticket, no other visitor. The widget lets it lapse when it is not renewed.
 */
export async function tellVisitorAgentTyping(app: AppContext, visitors: VisitorNamespace, ticketId: number, agentId: number, typing: boolean): Promise<void> {
  const em = app.orm.em.fork() as Em;
  const ticket = await em.findOne(Ticket, { id: ticketId });
  if (ticket?.channel !== 'chat') return;
  const chatVisitors = await em.find(Visitor, { chatTicketId: ticketId }, { fields: ['id'] });
  const targets = chatItemVisitorRooms(audienceSnapshot(ticket), { kind: 'agent_reply' }, chatVisitors.map((v) => v.id));
  if (targets.length === 0) return;
  const agent = await em.findOne(Agent, { id: agentId }, { fields: ['id', 'name'] });
  if (!agent) return;
  visitors.to(targets).emit('chat:agent_typing', { typing, name: agent.name });
}

/** The /visitor namespace, reached from an agent socket's server (both live on the same Socket.IO server). */
export function visitorNamespaceOf(agents: AgentNamespace): VisitorNamespace {
  return agents.server.of('/visitor') as unknown as VisitorNamespace;
}

/**
 * One visitor socket's typing: while it is on, a timer lets it lapse when the widget stops renewing it (a
 * closed tab, a lost network), and the agents who have the chat open hear that it stopped.
 */
export class VisitorTypingLapse {
  #timer: NodeJS.Timeout | undefined;
  #ticketId: number | null = null;

  constructor(
    private readonly agents: AgentNamespace,
    private readonly lapseMs: number,
  ) {}

  set(ticketId: number, typing: boolean): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#ticketId !== null && this.#ticketId !== ticketId) this.#announce(this.#ticketId, false);
    this.#ticketId = typing ? ticketId : null;
    this.#announce(ticketId, typing);
    if (typing) this.#timer = setTimeout(() => this.stop(), this.lapseMs);
  }

  /** Stops typing now (it lapsed, or the socket left) and says so if it was on. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#ticketId === null) return;
    const ticketId = this.#ticketId;
    this.#ticketId = null;
    this.#announce(ticketId, false);
  }

  #announce(ticketId: number, typing: boolean): void {
    this.agents.to(rooms.ticket(ticketId)).emit('chat:visitor_typing', { ticketId, typing });
  }
}
