import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import type { AgentPrincipal } from '../principal.js';
import {
  assertMergeUndoable,
  canUndoMerge,
  conversationState,
  MERGE_MAX_SOURCES,
  MERGE_UNDO_WINDOW_MS,
  type MergeableTicket,
  planMerge,
  planSplit,
  survivingTicketId,
  ticketLink,
  waitingAfterMerge,
  withoutMergedStrangers,
} from './merge.js';

const SUPPORT = 1;
const BILLING = 2;
const supportAgent: AgentPrincipal = { kind: 'agent', agentId: 7, role: 'agent', departmentIds: [SUPPORT] };
const admin: AgentPrincipal = { kind: 'agent', agentId: 1, role: 'administrator', departmentIds: [] };

function ticket(id: number, fields: Partial<MergeableTicket> = {}): MergeableTicket {
  return {
    id,
    departmentId: SUPPORT,
    assignedAgentId: null,
    createdByAgentId: null,
    internal: false,
    contactId: 100 + id,
    status: 'open',
    cc: [],
    contactEmail: `customer${id}@example.bg`,
    mergedIntoId: null,
    ...fields,
  };
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('merging tickets', () => {
  it('brings the sources into the target, their contacts and CC joining the target CC once each', () => {
    const target = ticket(1, { cc: ['boss@example.bg'] });
    const sameContact = ticket(2, { contactId: target.contactId, contactEmail: target.contactEmail, cc: ['BOSS@example.bg', 'it@example.bg'] });
    const other = ticket(3, { cc: ['customer1@example.bg'] });
    expect(planMerge(supportAgent, target, [sameContact, other])).toEqual({
      targetId: 1,
      sourceIds: [2, 3],
      targetCc: ['boss@example.bg', 'it@example.bg', 'customer3@example.bg'],
    });
  });

  it('is refused, as if the ticket did not exist, when the agent may not see every ticket involved', () => {
    expect(codeOf(() => planMerge(supportAgent, ticket(1), [ticket(2, { departmentId: BILLING })]))).toBe(ErrorCodes.ticketNotFound);
    expect(codeOf(() => planMerge(supportAgent, ticket(1, { departmentId: BILLING }), [ticket(2)]))).toBe(ErrorCodes.ticketNotFound);
    expect(planMerge(admin, ticket(1), [ticket(2, { departmentId: BILLING })]).sourceIds).toEqual([2]);
  });

  it('refuses a ticket merged with itself, named twice, or already merged away', () => {
    expect(codeOf(() => planMerge(supportAgent, ticket(1), [ticket(1)]))).toBe(ErrorCodes.ticketMergeInvalid);
    expect(codeOf(() => planMerge(supportAgent, ticket(1), [ticket(2), ticket(2)]))).toBe(ErrorCodes.ticketMergeInvalid);
    expect(codeOf(() => planMerge(supportAgent, ticket(1), [ticket(2, { mergedIntoId: 9 })]))).toBe(ErrorCodes.ticketAlreadyMerged);
    expect(codeOf(() => planMerge(supportAgent, ticket(1, { mergedIntoId: 9 }), [ticket(2)]))).toBe(ErrorCodes.ticketAlreadyMerged);
  });

  it('never mixes an internal ticket into a conversation a customer can read', () => {
    expect(codeOf(() => planMerge(admin, ticket(1), [ticket(2, { internal: true })]))).toBe(ErrorCodes.ticketMergeMixesInternal);
    expect(codeOf(() => planMerge(admin, ticket(1, { internal: true }), [ticket(2)]))).toBe(ErrorCodes.ticketMergeMixesInternal);
    expect(planMerge(admin, ticket(1, { internal: true, contactId: null, contactEmail: null }), [ticket(2, { internal: true, contactId: null, contactEmail: null })]).targetCc).toEqual([]);
  });

  it('takes at least one and at most a bounded number of tickets', () => {
    expect(codeOf(() => planMerge(supportAgent, ticket(1), []))).toBe(ErrorCodes.ticketMergeInvalid);
    const many = Array.from({ length: MERGE_MAX_SOURCES + 1 }, (_, i) => ticket(i + 2));
    expect(codeOf(() => planMerge(supportAgent, ticket(1), many))).toBe(ErrorCodes.ticketMergeInvalid);
    expect(planMerge(supportAgent, ticket(1), many.slice(0, MERGE_MAX_SOURCES)).sourceIds).toHaveLength(MERGE_MAX_SOURCES);
  });

  it('can be undone within its window only', () => {
    const at = new Date('2027-03-28T00:30:00Z');
    expect(canUndoMerge(at, new Date(at.getTime() + MERGE_UNDO_WINDOW_MS))).toBe(true);
    expect(canUndoMerge(at, new Date(at.getTime() + MERGE_UNDO_WINDOW_MS + 1))).toBe(false);
    expect(canUndoMerge(at, new Date(at.getTime() - 1))).toBe(false);
    expect(codeOf(() => assertMergeUndoable(at, new Date(at.getTime() + MERGE_UNDO_WINDOW_MS + 1)))).toBe(ErrorCodes.ticketMergeUndoExpired);
  });

  it('passes messages for a merged-away ticket on to the survivor, through chains, stopping at a cycle', () => {
    const into = new Map<number, number>([
      [1, 2],
      [2, 3],
    ]);
    expect(survivingTicketId(1, (id) => into.get(id) ?? null)).toBe(3);
    expect(survivingTicketId(3, (id) => into.get(id) ?? null)).toBe(3);
    const cycle = new Map<number, number>([
      [1, 2],
      [2, 1],
    ]);
    expect(survivingTicketId(1, (id) => cycle.get(id) ?? null)).toBe(2);
  });
});

describe('splitting a ticket', () => {
  const thread = [
    { id: 10, kind: 'customer_message' },
    { id: 11, kind: 'agent_reply' },
    { id: 12, kind: 'internal_note' },
    { id: 13, kind: 'customer_message' },
    { id: 14, kind: 'system_event' },
  ];

  it('moves the items from a later message onward', () => {
    expect(planSplit(supportAgent, ticket(1), thread, 13)).toEqual({ movedItemIds: [13, 14] });
    expect(planSplit(supportAgent, ticket(1), thread, 11)).toEqual({ movedItemIds: [11, 12, 13, 14] });
  });

  it('refuses the first message, a note or event, an item of another ticket, and tickets the agent may not see', () => {
    expect(codeOf(() => planSplit(supportAgent, ticket(1), thread, 10))).toBe(ErrorCodes.ticketSplitInvalid);
    expect(codeOf(() => planSplit(supportAgent, ticket(1), thread, 12))).toBe(ErrorCodes.ticketSplitInvalid);
    expect(codeOf(() => planSplit(supportAgent, ticket(1), thread, 99))).toBe(ErrorCodes.ticketSplitInvalid);
    expect(codeOf(() => planSplit(supportAgent, ticket(1, { departmentId: BILLING }), thread, 13))).toBe(ErrorCodes.ticketNotFound);
    expect(codeOf(() => planSplit(supportAgent, ticket(1, { mergedIntoId: 5 }), thread, 13))).toBe(ErrorCodes.ticketAlreadyMerged);
  });
});

describe('linking tickets', () => {
  it('stores a link once, whichever side it was made from, and never to itself', () => {
    expect(ticketLink(9, 4)).toEqual({ low: 4, high: 9 });
    expect(ticketLink(4, 9)).toEqual({ low: 4, high: 9 });
    expect(codeOf(() => ticketLink(4, 4))).toBe(ErrorCodes.ticketLinkInvalid);
  });
});

describe('the wait after a merge', () => {
  const early = new Date('2027-03-27T08:00:00Z');
  const late = new Date('2027-03-27T09:00:00Z');
  it('brings a waiting customer along, the earliest wait counting, and reopens an answered ticket', () => {
    expect(waitingAfterMerge({ status: 'open', waitingSince: late }, [early, null])).toEqual({ status: 'open', waitingSince: early });
    expect(waitingAfterMerge({ status: 'answered', waitingSince: null }, [late])).toEqual({ status: 'open', waitingSince: late });
    expect(waitingAfterMerge({ status: 'new', waitingSince: early }, [late])).toEqual({ status: 'new', waitingSince: early });
  });
  it('leaves a ticket nobody waits on, and a resolved or postponed one, as it is', () => {
    expect(waitingAfterMerge({ status: 'answered', waitingSince: null }, [null])).toEqual({ status: 'answered', waitingSince: null });
    expect(waitingAfterMerge({ status: 'resolved', waitingSince: null }, [early])).toEqual({ status: 'resolved', waitingSince: null });
    expect(waitingAfterMerge({ status: 'postponed', waitingSince: null }, [early])).toEqual({ status: 'postponed', waitingSince: null });
  });
});

describe('where a conversation stands', () => {
  const at = (minute: number) => new Date(Date.UTC(2027, 2, 27, 10, minute));
  it('waits since the first customer message after the last reply', () => {
    const state = conversationState([
      { kind: 'customer_message', createdAt: at(1) },
      { kind: 'agent_reply', createdAt: at(2) },
      { kind: 'internal_note', createdAt: at(3) },
      { kind: 'customer_message', createdAt: at(4) },
      { kind: 'customer_message', createdAt: at(5) },
    ]);
    expect(state).toEqual({ status: 'open', firstAgentReplyAt: at(2), lastAgentReplyAt: at(2), lastCustomerMessageAt: at(5), waitingSince: at(4) });
  });
  it('is answered when an agent spoke last, and open with nobody having spoken', () => {
    expect(conversationState([{ kind: 'customer_message', createdAt: at(1) }, { kind: 'agent_reply', createdAt: at(2) }]).status).toBe('answered');
    expect(conversationState([]).waitingSince).toBeNull();
  });
});

describe('what a customer reads after other customers were merged in', () => {
  it('leaves out what their tickets brought and what they wrote since, and keeps everything else', () => {
    const items = [
      { id: 1, kind: 'customer_message', authorContact: 10 },
      { id: 2, kind: 'customer_message', authorContact: 20 },
      { id: 3, kind: 'agent_reply', authorContact: null },
      { id: 4, kind: 'agent_reply', authorContact: null },
      { id: 5, kind: 'customer_message', authorContact: 20 },
      { id: 6, kind: 'customer_message', authorContact: 10 },
    ];
    const kept = withoutMergedStrangers(items, { itemIds: new Set([2, 3]), contactIds: new Set([20]) });
    expect(kept.map((item) => item.id)).toEqual([1, 4, 6]);
    expect(withoutMergedStrangers(items, { itemIds: new Set(), contactIds: new Set() })).toHaveLength(6);
  });
});
