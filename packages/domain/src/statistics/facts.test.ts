import { describe, expect, it } from 'vitest';
import { chatFacts, inBacklog, presenceFacts, ratingFacts, replyFact, STATISTICS_FACTS, repliesPerTicketFact, type TicketStatisticsState, ticketFacts } from './facts.js';
import { statisticsFigures } from './report.js';

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

describe('chatFacts', () => {
  const chat = { id: 9, channel: 'chat' as const, priority: 'normal' as const, departmentId: 1, assignedAgentId: null, tags: [] };
  const start = new Date('2027-03-28T08:00:00Z');
  const waiting = { phase: 'waiting' as const, ownerAgentId: null, startedAt: start, acceptedAt: null };
  const active = { ...waiting, phase: 'active' as const, ownerAgentId: 4, acceptedAt: new Date(start.getTime() + 90_000) };
  const chatKinds = (facts: ReturnType<typeof chatFacts>) => facts.map((f) => `${f.kind}${f.value === null ? '' : `=${f.value}`}@${f.agentId}`);

  it('counts a chat started, answered with its wait, transferred, taken again and ended with its length', () => {
    expect(chatKinds(chatFacts(chat, null, waiting, start.getTime()))).toEqual(['chat_started@null']);
    expect(chatKinds(chatFacts(chat, waiting, active, start.getTime() + 90_000))).toEqual(['chat_accepted@4', 'chat_answered@4', 'chat_wait=90@4']);
    const handedOn = { ...active, phase: 'waiting' as const, ownerAgentId: null };
    expect(chatKinds(chatFacts(chat, active, handedOn, start.getTime() + 600_000, true))).toEqual(['chat_transferred@4']);
    // Requeued (the owner vanished): not a transfer.
    expect(chatFacts(chat, active, handedOn, start.getTime() + 600_000)).toEqual([]);
    const again = { ...handedOn, phase: 'active' as const, ownerAgentId: 5 };
    expect(chatKinds(chatFacts(chat, handedOn, again, start.getTime() + 660_000))).toEqual(['chat_accepted@5']);
    expect(chatKinds(chatFacts(chat, again, { ...again, phase: 'ended' }, start.getTime() + 1_200_000))).toEqual(['chat_duration=1200@5']);
  });

  it('counts a chat that ends before anyone took it as missed, and a reopened one as started again', () => {
    expect(chatKinds(chatFacts(chat, waiting, { ...waiting, phase: 'ended' }, start.getTime() + 60_000))).toEqual(['chat_missed@null']);
    expect(chatKinds(chatFacts(chat, { ...active, phase: 'ended' }, { ...waiting, startedAt: new Date(start.getTime() + 86_400_000) }, start.getTime() + 86_400_000))).toEqual(['chat_started@null']);
  });
});

describe('presenceFacts', () => {
  it('splits time at quarter hours, to the whole second, so that the pieces add up exactly', () => {
    const from = Date.parse('2027-03-28T08:10:00.700Z');
    const to = Date.parse('2027-03-28T08:47:30.200Z');
    const facts = presenceFacts(3, 'online', from, to);
    expect(facts.map((f) => [new Date(f.at).toISOString(), f.count])).toEqual([
      ['2027-03-28T08:10:00.000Z', 300],
      ['2027-03-28T08:15:00.000Z', 900],
      ['2027-03-28T08:30:00.000Z', 900],
      ['2027-03-28T08:45:00.000Z', 150],
    ]);
    expect(facts.every((f) => f.kind === 'online_time' && f.agentId === 3)).toBe(true);
    expect(presenceFacts(3, 'away', from, from + 200)).toEqual([]);
  });
});

describe('STATISTICS_FACTS', () => {
  it('names every fact in at most 24 characters (the rollups\' kind column)', () => {
    for (const kind of STATISTICS_FACTS) expect(kind.length, kind).toBeLessThanOrEqual(24);
  });
});

describe('ratings', () => {
  it('count for the ticket\'s agent and dimensions when given, a comment beside the rating', () => {
    expect(ratingFacts(ticket, 'good', false, at(90))).toEqual([{ kind: 'rated_good', ticketId: 7, at: at(90), count: 1, value: null, departmentId: 1, agentId: 2, channel: 'email', priority: 'normal', tags: ['vpn'] }]);
    expect(ratingFacts(ticket, 'bad', true, at(90)).map((f) => f.kind)).toEqual(['rated_bad', 'rating_comment']);
  });

  it('give the share of good ratings per unit and for the period, none where nobody rated', () => {
    const sum = (bucket: number, kind: 'rated_good' | 'rated_bad', count: number) => ({ bucket, kind, bin: 0, count });
    const figures = statisticsFigures({ units: 3, sums: [sum(0, 'rated_good', 3), sum(0, 'rated_bad', 1), sum(2, 'rated_bad', 2)], byChannel: [], backlogBefore: 0 });
    expect(figures.values.ratings).toEqual([4, 0, 2]);
    expect(figures.values.satisfaction).toEqual([0.75, null, 0]);
    expect(figures.totals.satisfaction).toBe(0.5);
    expect(statisticsFigures({ units: 1, sums: [], byChannel: [], backlogBefore: 0 }).totals.satisfaction).toBeNull();
  });
});

describe('business hours', () => {
  it('measure first response and resolution again by the department\'s calendar, when it has one', () => {
    const business = (from: number, to: number) => Math.round((to - from) / 2000);
    const answered = { ...ticket, firstAgentReplyAt: new Date(at(60)) };
    const first = ticketFacts(ticket, answered, at(60), business).filter((f) => f.kind.startsWith('first_response'));
    expect(first.map((f) => [f.kind, f.value])).toEqual([['first_response', 3600], ['first_response_bh', 1800]]);
    const resolved = ticketFacts(answered, { ...answered, status: 'resolved' }, at(120), business).filter((f) => f.kind.startsWith('resolution'));
    expect(resolved.map((f) => [f.kind, f.value, f.at])).toEqual([['resolution', 7200, at(120)], ['resolution_bh', 3600, at(120)]]);
    expect(ticketFacts(answered, { ...answered, status: 'resolved' }, at(120)).some((f) => f.kind.endsWith('_bh'))).toBe(false);
  });
});
