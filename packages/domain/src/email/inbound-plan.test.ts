import { describe, expect, it } from 'vitest';
import { planInboundMail } from './inbound-plan.js';

const existing = { kind: 'existing', ticketId: 7, by: 'message_id' } as const;
const fresh = { kind: 'new' } as const;

describe('what happens to an incoming letter', () => {
  it('files a person\'s letter on its ticket (moving the status) or opens a new one', () => {
    expect(planInboundMail({ automated: null, thread: existing, bouncedOutgoing: null })).toEqual({ kind: 'append', ticketId: 7, reopens: true });
    expect(planInboundMail({ automated: null, thread: fresh, bouncedOutgoing: null })).toEqual({ kind: 'create_ticket' });
  });

  it('adds an auto-reply or list mail to its ticket without reopening it, and opens a ticket for one that threads nowhere', () => {
    expect(planInboundMail({ automated: 'auto_reply', thread: existing, bouncedOutgoing: null })).toEqual({ kind: 'append', ticketId: 7, reopens: false });
    expect(planInboundMail({ automated: 'mailing_list', thread: existing, bouncedOutgoing: null })).toEqual({ kind: 'append', ticketId: 7, reopens: false });
    expect(planInboundMail({ automated: 'auto_reply', thread: fresh, bouncedOutgoing: null })).toEqual({ kind: 'create_ticket' });
  });

  it('turns a bounce into a failed delivery of our letter, and never into a ticket', () => {
    expect(planInboundMail({ automated: 'bounce', thread: existing, bouncedOutgoing: { ticketId: 7, itemId: 70 } })).toEqual({ kind: 'mark_bounced', ticketId: 7, outgoingItemId: 70 });
    expect(planInboundMail({ automated: 'bounce', thread: fresh, bouncedOutgoing: null })).toMatchObject({ kind: 'ignore' });
    expect(planInboundMail({ automated: 'bounce', thread: existing, bouncedOutgoing: null })).toMatchObject({ kind: 'ignore' });
  });
});
