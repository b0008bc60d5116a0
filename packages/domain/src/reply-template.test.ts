import { describe, expect, it } from 'vitest';
import { chooseReplyTemplate, placeReplyCursor, unknownTemplatePlaceholders } from './reply-template.js';
import { chosenLetterSubject } from './email/threading.js';
import { openOutgoingTicket } from './ticket/create-ticket.js';

describe('reply templates', () => {
  it('prefers the agent’s own template over the department’s, and ignores blank ones', () => {
    expect(chooseReplyTemplate('Mine', 'Theirs')).toBe('Mine');
    expect(chooseReplyTemplate('  ', 'Theirs')).toBe('Theirs');
    expect(chooseReplyTemplate(null, null)).toBeNull();
  });

  it('refuses what a canned response refuses, but allows the cursor marker', () => {
    expect(unknownTemplatePlaceholders('Hi {{contact.firstName}},\n{{cursor}}\n{{agent.nmae}}')).toEqual(['{{agent.nmae}}']);
  });

  it('places the cursor at the marker, or after the greeting', () => {
    expect(placeReplyCursor('Hi Ada,\n{{cursor}}\nBye')).toEqual({ text: 'Hi Ada,\n\nBye', cursor: 8 });
    expect(placeReplyCursor('Hi Ada,\n\nRegards,\nBob')).toEqual({ text: 'Hi Ada,\n\n\n\nRegards,\nBob', cursor: 9 });
    expect(placeReplyCursor('Hi Ada,')).toEqual({ text: 'Hi Ada,\n\n', cursor: 9 });
  });
});

describe('the letter subject chosen in the reply window', () => {
  it('keeps the agent’s words and adds the ticket tag only when it is missing', () => {
    expect(chosenLetterSubject('  Your order\n 42 ', 7)).toBe('Your order 42 [#7]');
    expect(chosenLetterSubject('Re: Order [#7]', 7)).toBe('Re: Order [#7]');
    expect(chosenLetterSubject('Order [#9]', 7)).toBe('Order [#7]');
  });
});

describe('a ticket opened by our letter', () => {
  it('starts Answered, waiting for the customer', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const opened = openOutgoingTicket(
      { subject: 'Your order', channel: 'email', contactId: 1, createdByAgentId: 2, priority: 'high', destination: { departmentId: 1, agentId: null }, agent: null },
      at,
    );
    expect(opened.state).toMatchObject({ status: 'answered', priority: 'high', waitingSince: null, lastCustomerMessageAt: null, firstAgentReplyAt: at, lastAgentReplyAt: at });
    expect(opened.events).toEqual([]);
  });
});
