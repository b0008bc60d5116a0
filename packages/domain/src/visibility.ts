import type { AgentPrincipal, CustomerPrincipal, Principal } from './principal.js';
import type { ThreadItemKind } from './thread/thread-item.js';
import type { TicketState } from './ticket/ticket.js';

/**
 * The one place that decides who may see what. Every path that sends data outward (REST presenters,
 * socket audiences, later email and the chat widget) asks these functions instead of filtering by hand.
 */

type TicketAccess = Pick<TicketState, 'departmentId' | 'assignedAgentId' | 'createdByAgentId' | 'internal' | 'contactId'>;

/** An agent sees tickets of their departments, tickets assigned to them and tasks they created; admins see all. */
export function canAgentSeeTicket(agent: AgentPrincipal, ticket: TicketAccess): boolean {
  if (agent.role === 'administrator') return true;
  if (ticket.assignedAgentId === agent.agentId) return true;
  if (ticket.createdByAgentId === agent.agentId && ticket.internal) return true;
  return ticket.departmentId !== null && agent.departmentIds.includes(ticket.departmentId);
}

/** A customer sees only their own tickets, and never an internal ticket, even one that is about them. */
export function canCustomerSeeTicket(customer: CustomerPrincipal, ticket: TicketAccess): boolean {
  return !ticket.internal && ticket.contactId !== null && ticket.contactId === customer.contactId;
}

export function canSeeTicket(principal: Principal, ticket: TicketAccess): boolean {
  return principal.kind === 'agent' ? canAgentSeeTicket(principal, ticket) : canCustomerSeeTicket(principal, ticket);
}

/** The conversation a customer may read: their messages and our public replies, nothing else. */
export const CUSTOMER_VISIBLE_THREAD_ITEM_KINDS = ['customer_message', 'agent_reply'] as const satisfies readonly ThreadItemKind[];
const CUSTOMER_VISIBLE_KINDS: ReadonlySet<ThreadItemKind> = new Set(CUSTOMER_VISIBLE_THREAD_ITEM_KINDS);

export function isThreadItemVisibleToCustomer(item: { readonly kind: ThreadItemKind }): boolean {
  return CUSTOMER_VISIBLE_KINDS.has(item.kind);
}

export function canSeeThreadItem(
  principal: Principal,
  ticket: TicketAccess,
  item: { readonly kind: ThreadItemKind },
): boolean {
  if (!canSeeTicket(principal, ticket)) return false;
  return principal.kind === 'agent' || isThreadItemVisibleToCustomer(item);
}

/** Filters a thread down to what the principal may see; refuses the whole thread when the ticket is not theirs. */
export function visibleThread<T extends { readonly kind: ThreadItemKind }>(
  principal: Principal,
  ticket: TicketAccess,
  items: readonly T[],
): T[] {
  if (!canSeeTicket(principal, ticket)) return [];
  return principal.kind === 'agent' ? [...items] : items.filter(isThreadItemVisibleToCustomer);
}

/**
 * Who must hear about a change to a ticket, as realtime audiences: the ticket's own room (agents who have
 * it open), its department, its assignee, and administrators. Customers are never an audience of agent
 * events; their own channel is fed only from visibleThread.
 */
export interface TicketAudience {
  readonly departmentIds: readonly number[];
  readonly agentIds: readonly number[];
  readonly administrators: true;
}

export function ticketAudience(ticket: TicketAccess, previous?: TicketAccess): TicketAudience {
  const departmentIds = new Set<number>();
  const agentIds = new Set<number>();
  for (const t of previous ? [ticket, previous] : [ticket]) {
    if (t.departmentId !== null) departmentIds.add(t.departmentId);
    if (t.assignedAgentId !== null) agentIds.add(t.assignedAgentId);
    if (t.internal && t.createdByAgentId !== null) agentIds.add(t.createdByAgentId);
  }
  return { departmentIds: [...departmentIds], agentIds: [...agentIds], administrators: true };
}

/**
 * canAgentSeeTicket as a query filter: null means every ticket (administrators); otherwise a ticket is
 * visible when its department is one of `departmentIds`, it is assigned to `agentId`, or it is an internal
 * ticket `agentId` created. Repositories translate this; canAgentSeeTicket is its single-ticket twin.
 */
export function agentTicketScope(agent: AgentPrincipal): { departmentIds: readonly number[]; agentId: number } | null {
  return agent.role === 'administrator' ? null : { departmentIds: agent.departmentIds, agentId: agent.agentId };
}
