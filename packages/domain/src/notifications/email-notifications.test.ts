import { describe, expect, it } from 'vitest';
import type { TicketState } from '../ticket/ticket.js';
import { DEFAULT_EMAIL_NOTIFICATIONS, type NotifiableAgent, notificationRecipients, readNotificationSettings } from './email-notifications.js';

const at = new Date('2026-11-30T10:00:00Z');
const ticket = (over: Partial<TicketState> = {}): TicketState => ({
  status: 'new', customStatusId: null, internal: false, channel: 'email', priority: 'normal', departmentId: 1, assignedAgentId: null, contactId: 5,
  createdByAgentId: null, createdAt: at, firstAgentReplyAt: null, lastCustomerMessageAt: at, lastAgentReplyAt: null, resolvedAt: null, postponedUntil: null, waitingSince: at,
  ...over,
});
const agent = (agentId: number, departmentIds: number[], settings: Partial<NotifiableAgent['settings']> = {}, active = true): NotifiableAgent => ({
  principal: { kind: 'agent', agentId, role: 'agent', departmentIds },
  active,
  settings: { ...DEFAULT_EMAIL_NOTIFICATIONS, ...settings },
});

describe('email notifications to agents', () => {
  const everyone = [
    agent(1, [1], { newTicketInMyDepartment: true }),
    agent(2, [1]),
    agent(3, [2], { newTicketInMyDepartment: true }),
    agent(4, [1], { newTicketInMyDepartment: true }, false),
    agent(5, [1], { newTicketInMyDepartment: true }),
  ];

  it('mails a new ticket to the department\'s members who asked for it, not its creator, not the deactivated, not other departments', () => {
    expect(notificationRecipients({ kind: 'new_ticket', ticket: ticket(), byAgentId: 5 }, everyone)).toEqual([1]);
    expect(notificationRecipients({ kind: 'new_ticket', ticket: ticket({ departmentId: null }), byAgentId: null }, everyone)).toEqual([]);
    expect(notificationRecipients({ kind: 'new_ticket', ticket: ticket({ channel: 'chat' }), byAgentId: null }, everyone)).toEqual([]);
  });

  it('mails the assignee when someone else assigned them, never for assigning oneself, and respects the switch', () => {
    const assigned = ticket({ assignedAgentId: 2 });
    expect(notificationRecipients({ kind: 'assigned', ticket: assigned, agentId: 2, byAgentId: 1 }, everyone)).toEqual([2]);
    expect(notificationRecipients({ kind: 'assigned', ticket: assigned, agentId: 2, byAgentId: 2 }, everyone)).toEqual([]);
    expect(notificationRecipients({ kind: 'assigned', ticket: assigned, agentId: 2, byAgentId: null }, [agent(2, [1], { assignedToMe: false })])).toEqual([]);
  });

  it('mails the assignee a customer\'s reply, but never for live chat messages, internal tickets or unassigned tickets', () => {
    expect(notificationRecipients({ kind: 'customer_reply', ticket: ticket({ assignedAgentId: 2 }) }, everyone)).toEqual([2]);
    expect(notificationRecipients({ kind: 'customer_reply', ticket: ticket({ assignedAgentId: 2, channel: 'chat' }) }, everyone)).toEqual([]);
    expect(notificationRecipients({ kind: 'customer_reply', ticket: ticket({ assignedAgentId: null }) }, everyone)).toEqual([]);
    expect(notificationRecipients({ kind: 'customer_reply', ticket: ticket({ assignedAgentId: 2 }) }, [agent(2, [1], { customerReplyOnMyTicket: false })])).toEqual([]);
  });

  it('never mails an agent about a ticket they may not see (moved out of their department)', () => {
    const elsewhere = ticket({ departmentId: 2, assignedAgentId: null });
    expect(notificationRecipients({ kind: 'new_ticket', ticket: elsewhere, byAgentId: null }, [agent(1, [1], { newTicketInMyDepartment: true })])).toEqual([]);
  });

  it('reads stored settings with the defaults filled in', () => {
    expect(readNotificationSettings(null)).toEqual(DEFAULT_EMAIL_NOTIFICATIONS);
    expect(readNotificationSettings({ assignedToMe: false })).toEqual({ ...DEFAULT_EMAIL_NOTIFICATIONS, assignedToMe: false });
  });
});
