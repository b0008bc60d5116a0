import type { TeamCallRecordDto } from '@parley/protocol';

/** One line of a call's record: a message key under `callRecords` and its parameters, names and duration resolved. */
export interface CallRecordLine {
  readonly key: string;
  readonly params: Record<string, string>;
}

export interface CallRecordNames {
  /** An agent's name; a fallback for one who is gone. */
  agent(id: number): string;
  /** Several names joined the reader's language's way ("Ann, Bob and Cat"). */
  list(names: readonly string[]): string;
  /** A duration in the reader's language ("1 min, 35 sec"). */
  duration(seconds: number): string;
}

/**
 * What the record of a call says, in the reader's language: how it went (and for how long), who started it,
 * who joined besides the caller, and the ticket a consultation was about. The server stores facts only.
 */
export function callRecordLines(call: TeamCallRecordDto, names: CallRecordNames): CallRecordLine[] {
  const lines: CallRecordLine[] = [
    { key: `callRecords.outcome.${call.kind}.${call.outcome}`, params: { duration: names.duration(call.durationSeconds) } },
    { key: 'callRecords.startedBy', params: { name: names.agent(call.callerAgentId) } },
  ];
  const others = call.joinedAgentIds.filter((id) => id !== call.callerAgentId);
  if (others.length > 0) lines.push({ key: 'callRecords.joined', params: { names: names.list(call.joinedAgentIds.map((id) => names.agent(id))) } });
  if (call.ticketId !== null) lines.push({ key: 'callRecords.ticket', params: { ticket: `#${call.ticketId}` } });
  return lines;
}

/** Names joined as a list in the language ("Ann, Bob and Cat"). */
export function listNames(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(names);
}
