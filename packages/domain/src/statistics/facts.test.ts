import { describe, expect, it } from 'vitest';
import { inBacklog, replyFact, repliesPerTicketFact, type TicketStatisticsState, ticketFacts } from './facts.js';

const created = new Date('2027-03-28T08:00:00Z');
const ticket: TicketStatisticsState = {
  id: 7,
  status: 'new',
  folder: 'inbox',
  channel: 'email',
  priority: 'normal',
  departmentId: 1,
  assignedAgentId: 2,
  tags: ['vpn'],
  createdAt: created,
  firstAgentReplyAt: null,
};
const at = (minutes: number) => created.getTime() + minutes * 60_000;
const kinds = (facts: ReturnType<typeof ticketFacts>) => facts.map((f) => `${f.kind}${f.count < 0 ? '-' : ''}`);

describe('ticketFacts', () => {
  it('counts a new ticket as created and open', () => {
    expect(kinds(ticketFacts(null, ticket, created.getTime()))).toEqual(['created', 'backlog']);
  });

  it('counts an agent\'s opening letter as its first response at once', () => {
    const facts = ticketFacts(null, { ...ticket, status: 'answered', firstAgentReplyAt: created }, created.getTime());
    expect(facts.find((f) => f.kind === 'first_response')?.value).toBe(0);
  });

  it('takes the first response once, with its time from creation', () => {
    const answered = { ...ticket, status: 'answered' as const, firstAgentReplyAt: new Date(at(45)) };
    expect(ticketFacts(ticket, answered, at(45)).map((f) => [f.kind, f.value])).toEqual([['first_response', 2700]]);
    expect(ticketFacts(answered, { ...answered, status: 'open' }, at(60))).toEqual([]);
  });

  it('resolving leaves the backlog and records the resolution time; reopening comes back', () => {
    const resolved = { ...ticket, status: 'resolved' as const };
    const facts = ticketFacts(ticket, resolved, at(300));
    expect(kinds(facts)).toEqual(['resolved', 'resolution', 'backlog-']);
    expect(facts[1]!.value).toBe(18_000);
    expect(kinds(ticketFacts(resolved, { ...ticket, status: 'open' }, at(400)))).toEqual(['reopened', 'backlog']);
  });

  it('moves the open ticket between departments without counting it twice', () => {
    const facts = ticketFacts(ticket, { ...ticket, departmentId: 3, assignedAgentId: null }, at(20));
    expect(facts.map((f) => [f.kind, f.count, f.departmentId, f.agentId])).toEqual([
      ['backlog', -1, 1, 2],
      ['backlog', 1, 3, null],
    ]);
    // Closed tickets are not in the backlog, wherever they go.
    expect(ticketFacts({ ...ticket, status: 'resolved' }, { ...ticket, status: 'resolved', departmentId: 3 }, at(20))).toEqual([]);
  });

  it('treats the trash and spam as leaving the backlog', () => {
    expect(inBacklog({ status: 'open', folder: 'trash' })).toBe(false);
    expect(kinds(ticketFacts(ticket, { ...ticket, folder: 'spam' }, at(5)))).toEqual(['backlog-']);
  });

  it('counts replies for their author, and a resolve\'s replies', () => {
    expect(replyFact(ticket, 9, at(3))).toMatchObject({ kind: 'reply', agentId: 9, departmentId: 1, tags: ['vpn'] });
    const resolved = ticketFacts(ticket, { ...ticket, status: 'resolved' }, at(300))[0]!;
    expect(repliesPerTicketFact(resolved, 3)).toMatchObject({ kind: 'replies_per_ticket', value: 3, at: at(300) });
  });
});
