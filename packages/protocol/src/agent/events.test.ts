import { describe, expect, it } from 'vitest';
import { agentCommands, agentFacts } from './events.js';

describe('the agent event maps', () => {
  it('register the collision, presence and notice events the console listens to', () => {
    expect(Object.keys(agentCommands)).toEqual(expect.arrayContaining(['ticket:watch', 'ticket:unwatch', 'ticket:typing']));
    expect(Object.keys(agentFacts)).toEqual(expect.arrayContaining(['ticket:viewers', 'ticket:assigned_to_you', 'agent:presence']));
  });

  it('take typing as a strict { ticketId, typing }', () => {
    const typing = agentCommands['ticket:typing'].payload;
    expect(typing.parse({ ticketId: 3, typing: true })).toEqual({ ticketId: 3, typing: true });
    expect(typing.safeParse({ ticketId: 3 }).success).toBe(false);
    expect(typing.safeParse({ ticketId: '3', typing: true }).success).toBe(false);
    expect(typing.safeParse({ ticketId: 3, typing: 'yes' }).success).toBe(false);
    expect(typing.safeParse({ ticketId: 3, typing: true, draft: 'hi' }).success).toBe(false);
  });

  it('answer watch with the viewers, and describe presence and notices', () => {
    expect(agentCommands['ticket:watch'].result.parse({ ticketId: 1, viewers: [{ agentId: 2, typing: false }] })).toEqual({ ticketId: 1, viewers: [{ agentId: 2, typing: false }] });
    expect(agentCommands['ticket:watch'].result.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(agentFacts['agent:presence'].safeParse({ agentId: 1, availability: 'away', connected: true }).success).toBe(true);
    expect(agentFacts['agent:presence'].safeParse({ agentId: 1, availability: 'busy', connected: true }).success).toBe(false);
    expect(agentFacts['ticket:assigned_to_you'].shape.byAgentId.safeParse(null).success).toBe(true);
  });

  it('take chat routing commands strictly: a transfer names a department or an agent, never both, never neither', () => {
    const transfer = agentCommands['chat:transfer'].payload;
    expect(transfer.safeParse({ ticketId: 1, departmentId: 2 }).success).toBe(true);
    expect(transfer.safeParse({ ticketId: 1, agentId: 3, note: 'VIP' }).success).toBe(true);
    expect(transfer.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(transfer.safeParse({ ticketId: 1, departmentId: 2, agentId: 3 }).success).toBe(false);
    expect(agentCommands['chat:accept'].payload.safeParse({ ticketId: 1, agentId: 2 }).success).toBe(false);
    expect(agentCommands['chat:invite'].payload.safeParse({ ticketId: 1, agentId: 2 }).success).toBe(true);
    expect(agentCommands['chat:invite'].payload.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(agentFacts['chat:offer_withdrawn'].safeParse({ ticketId: 4 }).success).toBe(true);
  });
});
