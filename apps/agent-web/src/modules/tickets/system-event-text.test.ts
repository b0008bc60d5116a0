import { describe, expect, it } from 'vitest';
import { type EventNames, systemEventText } from './system-event-text';

const names: EventNames = {
  agent: (id) => (id === 7 ? 'Līga' : null),
  department: (id) => (id === 2 ? 'Billing' : null),
  status: (base, custom) => (custom ? 'Waiting for supplier' : base),
  priority: (p) => p.toUpperCase(),
  date: (iso) => iso.slice(0, 10),
  slaTarget: (target) => `target:${target}`,
  duration: (seconds) => `${seconds}s`,
  list: (list) => list.join(' & '),
};

describe('systemEventText', () => {
  it('names the actor when there is one, and custom statuses by their names', () => {
    expect(systemEventText({ type: 'status_changed', from: 'new', to: 'open', fromCustomStatusId: null, toCustomStatusId: 3, reason: 'custom_status' }, 'Anna', names)).toEqual({
      key: 'tickets.events.statusBy',
      params: { who: 'Anna', from: 'new', to: 'Waiting for supplier' },
    });
    expect(systemEventText({ type: 'postponed', until: '2026-12-01T09:00:00.000Z' }, null, names)).toEqual({ key: 'tickets.events.postponed', params: { who: '', until: '2026-12-01' } });
  });

  it('says where a transfer went: an agent, a department, both, or nobody', () => {
    const base = { type: 'transferred' as const, fromAgentId: null, fromDepartmentId: null, hasNote: true };
    expect(systemEventText({ ...base, toAgentId: 7, toDepartmentId: 2 }, 'Anna', names).key).toBe('tickets.events.transferredAgentInDepartment');
    expect(systemEventText({ ...base, toAgentId: null, toDepartmentId: 2 }, 'Anna', names)).toEqual({
      key: 'tickets.events.transferredDepartment',
      params: { who: 'Anna', agent: '', department: 'Billing' },
    });
    expect(systemEventText({ ...base, type: 'assigned' as const, toAgentId: null, toDepartmentId: null }, null, names).key).toBe('tickets.events.assignedNobody');
  });

  it('lists added and removed tags', () => {
    expect(systemEventText({ type: 'tags_changed', added: ['vip'], removed: ['old', 'x'] }, 'Anna', names)).toEqual({
      key: 'tickets.events.tagsAddedRemoved',
      params: { who: 'Anna', added: 'vip', removed: 'old, x' },
    });
  });

  it('says the visitor ended the chat, and whether they asked for the transcript', () => {
    expect(systemEventText({ type: 'chat_ended', by: 'visitor', transcriptRequested: false }, null, names)).toEqual({ key: 'tickets.events.chatEnded', params: {} });
    expect(systemEventText({ type: 'chat_ended', by: 'visitor', transcriptRequested: true }, null, names).key).toBe('tickets.events.chatEndedTranscript');
  });

  it('tells the customer\'s rating, with their comment when they wrote one', () => {
    expect(systemEventText({ type: 'rated', rating: 'good', comment: null }, null, names)).toEqual({ key: 'satisfaction.events.ratedGood', params: { comment: '' } });
    expect(systemEventText({ type: 'rated', rating: 'bad', comment: 'Still broken' }, null, names)).toEqual({ key: 'satisfaction.events.ratedBadComment', params: { comment: 'Still broken' } });
  });

  it('shows an unverified address the sender claimed', () => {
    expect(systemEventText({ type: 'email_unverified', email: 'ana@example.com' }, null, names)).toEqual({ key: 'tickets.events.emailUnverified', params: { email: 'ana@example.com' } });
  });

  it('says which service-level target is at risk or missed, and when it was due', () => {
    expect(systemEventText({ type: 'sla_alarm', kind: 'warning', target: 'first_response', dueAt: '2027-03-01T09:00:00.000Z' }, null, names)).toEqual({
      key: 'sla.events.warning',
      params: { target: 'target:first_response', due: '2027-03-01' },
    });
    expect(systemEventText({ type: 'sla_alarm', kind: 'breach', target: 'resolution', dueAt: '2027-03-02T09:00:00.000Z' }, null, names).key).toBe('sla.events.breach');
  });
});
