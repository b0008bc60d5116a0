import type { SystemEventDto } from '@parley/protocol';

/** What a system event line says: a message key under `tickets.events` and its parameters, names resolved. */
export interface EventText {
  readonly key: string;
  readonly params: Record<string, string>;
}

export interface EventNames {
  agent(id: number | null): string | null;
  department(id: number | null): string | null;
  status(base: string, customId: number | null): string;
  priority(priority: string): string;
  date(iso: string): string;
  /** A service-level target's name (first response, resolution, …). */
  slaTarget(target: string): string;
  /** A duration in the agent's language ("1 min, 35 sec"). */
  duration(seconds: number): string;
  /** Several names joined the language's way ("Ann and Bob"). */
  list(names: readonly string[]): string;
}

/**
 * System events are stored as keys with ids (a renamed department still reads right); this turns one into
 * the key and names of the line the thread shows, in the agent's language.
 */
export function systemEventText(event: SystemEventDto, actor: string | null, names: EventNames): EventText {
  const who = actor ?? '';
  const by = actor ? 'By' : '';
  switch (event.type) {
    case 'status_changed':
      return { key: `tickets.events.status${by}`, params: { who, from: names.status(event.from, event.fromCustomStatusId), to: names.status(event.to, event.toCustomStatusId) } };
    case 'postponed':
      return { key: `tickets.events.postponed${by}`, params: { who, until: names.date(event.until) } };
    case 'assigned':
    case 'transferred': {
      const agent = names.agent(event.toAgentId);
      const department = names.department(event.toDepartmentId);
      const target = agent && department ? 'AgentInDepartment' : agent ? 'Agent' : department ? 'Department' : 'Nobody';
      return { key: `tickets.events.${event.type}${target}`, params: { who: who || '—', agent: agent ?? '', department: department ?? '' } };
    }
    case 'subject_changed':
      return { key: `tickets.events.subject${by}`, params: { who, from: event.from, to: event.to } };
    case 'priority_changed':
      return { key: `tickets.events.priority${by}`, params: { who, from: names.priority(event.from), to: names.priority(event.to) } };
    case 'tags_changed':
      return {
        key: `tickets.events.tags${event.added.length > 0 ? 'Added' : ''}${event.removed.length > 0 ? 'Removed' : ''}`,
        params: { who: who || '—', added: event.added.join(', '), removed: event.removed.join(', ') },
      };
    case 'chat_ended':
      return { key: event.transcriptRequested ? 'tickets.events.chatEndedTranscript' : 'tickets.events.chatEnded', params: {} };
    case 'email_unverified':
      return { key: 'tickets.events.emailUnverified', params: { email: event.email } };
    case 'linked':
    case 'unlinked':
    case 'merged_into':
    case 'merge_undone':
    case 'split_into':
    case 'split_from':
      return { key: `tickets.events.${camel(event.type)}${by}`, params: { who, ticket: `#${event.ticketId}` } };
    case 'folder_changed':
      return {
        key: `tickets.events.folder${event.to === 'inbox' ? 'Restored' : event.to === 'trash' ? 'Trashed' : event.blocked ? 'SpamBlocked' : 'Spam'}`,
        params: { who: who || '—', blocked: event.blocked ?? '' },
      };
    case 'contact_erased':
      return { key: `tickets.events.contactErased${by}`, params: { who } };
    case 'merged_from':
      return { key: `tickets.events.mergedFrom${by}`, params: { who, tickets: event.ticketIds.map((id) => `#${id}`).join(', ') } };
    case 'rule_applied':
      return { key: event.rule === 'trigger' ? 'automation.events.trigger' : 'automation.events.timeRule', params: { name: event.name } };
    case 'sla_alarm':
      return { key: event.kind === 'warning' ? 'sla.events.warning' : 'sla.events.breach', params: { target: names.slaTarget(event.target), due: names.date(event.dueAt) } };
    case 'rated':
      return {
        key: `satisfaction.events.rated${event.rating === 'good' ? 'Good' : 'Bad'}${event.comment ? 'Comment' : ''}`,
        params: { comment: event.comment ?? '' },
      };
    case 'call_consulted': {
      const agents = names.list(event.consultedAgentIds.map((id) => names.agent(id) ?? '—'));
      return {
        key: event.outcome === 'completed' ? 'callRecords.events.consultedCompleted' : 'callRecords.events.consultedMissed',
        params: { caller: names.agent(event.callerAgentId) ?? '—', agents, duration: names.duration(event.durationSeconds) },
      };
    }
  }
}

function camel(type: string): string {
  return type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
