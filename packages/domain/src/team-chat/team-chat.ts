import type { AgentPrincipal } from '../principal.js';

/**
 * The internal team chat: a channel per department (its members and administrators), ad-hoc channels (their
 * members; any agent may join), and direct conversations between two agents.
 */
export type TeamConversationKind = 'department' | 'channel' | 'direct';
export const TEAM_CONVERSATION_KINDS: readonly TeamConversationKind[] = ['department', 'channel', 'direct'];

/** What the rules need to know about a conversation: its kind, its department, and who joined it. */
export interface TeamConversationAccess {
  readonly kind: TeamConversationKind;
  readonly departmentId: number | null;
  /** Agents who joined (ad-hoc channels) or the two agents (direct); unused for department channels. */
  readonly memberAgentIds: readonly number[];
}

/** Whether the agent may read and write in the conversation. */
export function canUseTeamConversation(agent: AgentPrincipal, conversation: TeamConversationAccess): boolean {
  if (conversation.kind === 'department') {
    return agent.role === 'administrator' || (conversation.departmentId !== null && agent.departmentIds.includes(conversation.departmentId));
  }
  return conversation.memberAgentIds.includes(agent.agentId);
}

/** Only ad-hoc channels are joined and left; department channels follow the department, direct ones are fixed. */
export function canJoinTeamConversation(conversation: TeamConversationAccess): boolean {
  return conversation.kind === 'channel';
}

/** The one key of the direct conversation between two agents, whoever opens it. Null for oneself. */
export function directConversationKey(a: number, b: number): string | null {
  if (a === b) return null;
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/**
 * The agents a message mentions, as the client listed them: only members of the conversation count, never the
 * author, each once, in the order given.
 */
export function validMentions(mentions: readonly number[], memberAgentIds: readonly number[], authorAgentId: number): number[] {
  const members = new Set(memberAgentIds);
  const out: number[] = [];
  for (const id of mentions) {
    if (id !== authorAgentId && members.has(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** A piece of a message as shown: plain text, or a reference to a ticket (`#1042`). */
export type TeamMessageSegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'ticket'; readonly text: string; readonly ticketId: number };

const TICKET_REFERENCE = /(^|[^\w#&/])#(\d{1,15})(?![\w])/g;

/** Splits a message into text and ticket references (`#1042`, not inside a word, a URL fragment or an entity). */
export function teamMessageSegments(body: string): TeamMessageSegment[] {
  const out: TeamMessageSegment[] = [];
  let last = 0;
  for (const match of body.matchAll(TICKET_REFERENCE)) {
    const start = (match.index ?? 0) + (match[1]?.length ?? 0);
    const ticketId = Number(match[2]);
    if (!Number.isSafeInteger(ticketId) || ticketId <= 0) continue;
    if (start > last) out.push({ kind: 'text', text: body.slice(last, start) });
    const end = start + 1 + (match[2]?.length ?? 0);
    out.push({ kind: 'ticket', text: body.slice(start, end), ticketId });
    last = end;
  }
  if (last < body.length) out.push({ kind: 'text', text: body.slice(last) });
  return out;
}

/** The read marker after marking up to `messageId`: it never moves back. */
export function nextReadMarker(current: number, messageId: number): number {
  return Math.max(current, messageId);
}
