import { AGENT_AVAILABILITIES } from '@parley/domain';
import { z } from 'zod';

export const AgentAvailability = z.enum(AGENT_AVAILABILITIES);
export type AgentAvailability = z.infer<typeof AgentAvailability>;

/**
 * An agent's presence: what they said about themselves (`availability`, kept in the database) and whether
 * any console of theirs is connected right now, on any server instance, and whether they are in a call.
 */
export const AgentPresenceDto = z.object({
  agentId: z.number().int(),
  availability: AgentAvailability,
  connected: z.boolean(),
  /** In a voice call with colleagues right now (joined, or their console reconnecting to it). */
  inCall: z.boolean(),
});
export type AgentPresenceDto = z.infer<typeof AgentPresenceDto>;

/** An agent who has a ticket open; typing while any of their connections types in it. */
export const TicketViewerDto = z.object({
  agentId: z.number().int(),
  typing: z.boolean(),
});
export type TicketViewerDto = z.infer<typeof TicketViewerDto>;

/** Everyone who has the ticket open right now, one entry per agent, ordered by agent id. */
export const TicketViewersDto = z.object({
  ticketId: z.number().int(),
  viewers: z.array(TicketViewerDto),
});
export type TicketViewersDto = z.infer<typeof TicketViewersDto>;
