import { describe, expect, it } from 'vitest';
import { nextWebhookAttemptAt, ticketChangeEvents, WEBHOOK_RETRY_WINDOW_MS, webhookWants } from './webhooks.js';

describe('nextWebhookAttemptAt', () => {
  it('waits 30 s after the first failure, doubling up to two hours, and gives up after a day', () => {
    const due = 1_000_000;
    expect(nextWebhookAttemptAt(due, 1, due)).toBe(due + 30_000);
    expect(nextWebhookAttemptAt(due, 2, due + 30_000)).toBe(due + 90_000);
    expect(nextWebhookAttemptAt(due, 20, due + 3_600_000)).toBe(due + 3_600_000 + 7_200_000);
    expect(nextWebhookAttemptAt(due, 20, due + WEBHOOK_RETRY_WINDOW_MS - 7_200_000)).toBe(due + WEBHOOK_RETRY_WINDOW_MS);
    expect(nextWebhookAttemptAt(due, 20, due + WEBHOOK_RETRY_WINDOW_MS - 7_199_999)).toBeNull();
    // Over a day of failures, about twenty attempts.
    let at = due;
    let attempts = 0;
    for (let next: number | null = due; next !== null; next = nextWebhookAttemptAt(due, attempts, at)) {
      at = next;
      attempts++;
    }
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(25);
  });
});

describe('webhookWants', () => {
  const publicOnly = { events: ['message.created', 'ticket.created'] as const, includeInternal: false };
  const everything = { ...publicOnly, includeInternal: true };
  it('tells a subscription only the events it named', () => {
    expect(webhookWants(publicOnly, { event: 'ticket.created', internalTicket: false })).toBe(true);
    expect(webhookWants(publicOnly, { event: 'ticket.updated', internalTicket: false })).toBe(false);
  });
  it('never tells of an internal note or an internal ticket unless asked, and never of system events', () => {
    expect(webhookWants(publicOnly, { event: 'message.created', internalTicket: false, itemKind: 'agent_reply' })).toBe(true);
    expect(webhookWants(publicOnly, { event: 'message.created', internalTicket: false, itemKind: 'internal_note' })).toBe(false);
    expect(webhookWants(publicOnly, { event: 'message.created', internalTicket: true, itemKind: 'agent_reply' })).toBe(false);
    expect(webhookWants(publicOnly, { event: 'ticket.created', internalTicket: true })).toBe(false);
    expect(webhookWants(everything, { event: 'message.created', internalTicket: false, itemKind: 'internal_note' })).toBe(true);
    expect(webhookWants(everything, { event: 'ticket.created', internalTicket: true })).toBe(true);
    expect(webhookWants(everything, { event: 'message.created', internalTicket: false, itemKind: 'system_event' })).toBe(false);
  });
});

describe('ticketChangeEvents', () => {
  it('adds status changed, assigned and chat ended to ticket.updated when they happened', () => {
    expect(ticketChangeEvents({ status: 'new', assignedAgentId: null }, { status: 'new', assignedAgentId: null, channel: 'email' })).toEqual(['ticket.updated']);
    expect(ticketChangeEvents({ status: 'new', assignedAgentId: null }, { status: 'open', assignedAgentId: 3, channel: 'email' })).toEqual(['ticket.updated', 'ticket.status_changed', 'ticket.assigned']);
    expect(ticketChangeEvents({ status: 'open', assignedAgentId: 3 }, { status: 'resolved', assignedAgentId: 3, channel: 'chat' })).toEqual(['ticket.updated', 'ticket.status_changed', 'chat.ended']);
    expect(ticketChangeEvents({ status: 'open', assignedAgentId: 3 }, { status: 'open', assignedAgentId: null, channel: 'email' })).toEqual(['ticket.updated']);
  });
});
