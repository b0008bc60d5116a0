import { describe, expect, it } from 'vitest';
import { agentFacts } from '../agent/events.js';
import { visitorCommands, visitorFacts } from './events.js';

describe('the visitor event maps', () => {
  it('share no fact with the agents\' contract except by name of their own', () => {
    for (const name of Object.keys(visitorFacts)) expect(Object.keys(agentFacts)).not.toContain(name);
  });

  it('push messages as the customer sees them: no agent ids, no kinds, no system events', () => {
    const keys = Object.keys(visitorFacts['chat:message'].shape).sort();
    expect(keys).toEqual(['attachments', 'authorName', 'body', 'clientId', 'createdAt', 'from', 'id']);
  });

  it('take strict payloads: a ticket id or unknown field is refused', () => {
    expect(visitorCommands['chat:message'].payload.safeParse({ clientId: 'abcdefgh', body: 'hi' }).success).toBe(true);
    expect(visitorCommands['chat:message'].payload.safeParse({ clientId: 'abcdefgh', body: 'hi', ticketId: 3 }).success).toBe(false);
    expect(visitorCommands['chat:history'].payload.safeParse({ ticketId: 3 }).success).toBe(false);
    expect(visitorCommands['chat:start'].payload.safeParse({ clientId: 'short', message: 'hi' }).success).toBe(false);
    expect(visitorCommands['chat:start'].payload.parse({ clientId: 'abcdefgh', message: ' hi ', email: 'A@B.example' })).toEqual({ clientId: 'abcdefgh', message: 'hi', email: 'a@b.example' });
  });

  it('tell the visitor the wait and who joined by name only, never an agent id', () => {
    expect(Object.keys(visitorFacts['chat:state'].shape).sort()).toEqual(['agent', 'phase', 'survey', 'waitingSince']);
    expect(Object.keys(visitorFacts['chat:state'].shape.agent.unwrap().shape)).toEqual(['name']);
    // An ended chat may carry its survey's token (to rate it), nothing else of the ticket.
    expect(Object.keys(visitorFacts['chat:state'].shape.survey.unwrap().unwrap().shape)).toEqual(['token']);
    expect(visitorFacts['chat:state'].safeParse({ phase: 'offered', waitingSince: null, agent: null }).success).toBe(false);
  });

  it('take the conversation\'s commands strictly too: receipts by item id, ending with an optional address', () => {
    expect(visitorCommands['chat:seen'].payload.safeParse({ upToItemId: 3 }).success).toBe(true);
    expect(visitorCommands['chat:seen'].payload.safeParse({ upToItemId: 3, ticketId: 1 }).success).toBe(false);
    expect(visitorCommands['chat:received'].payload.safeParse({ upToItemId: 0 }).success).toBe(false);
    expect(visitorCommands['chat:end'].payload.parse({ transcriptEmail: 'Me@Example.com', locale: 'lv', timeZone: 'Europe/Riga' })).toEqual({ transcriptEmail: 'me@example.com', locale: 'lv', timeZone: 'Europe/Riga' });
    expect(visitorCommands['chat:end'].payload.safeParse({ transcriptEmail: 'not an address' }).success).toBe(false);
    expect(visitorCommands['chat:end'].payload.safeParse({ timeZone: 'Europe/Riga; drop table' }).success).toBe(false);
    expect(visitorCommands['chat:message'].payload.safeParse({ clientId: 'abcdefgh', body: 'hi', attachmentIds: ['not-a-uuid'] }).success).toBe(false);
  });

  it('tell the visitor an agent types by name only', () => {
    expect(Object.keys(visitorFacts['chat:agent_typing'].shape).sort()).toEqual(['name', 'typing']);
  });
});
