import type { TeamCallRecordDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../composables/use-duration';
import { createAppI18n, switchLocale } from '../../i18n';
import { systemEventText } from '../tickets/system-event-text';
import { callRecordLines, listNames } from './call-record-text';

const people: Record<number, string> = { 1: 'Anna', 2: 'Boris', 3: 'Vera' };

type Translate = (key: string, params: Record<string, string>) => string;

/** The console's own i18n in a language, its message files loaded as when an agent picks it. */
async function translator(locale: 'en' | 'ru'): Promise<Translate> {
  const i18n = createAppI18n('en');
  await switchLocale(i18n.global, locale);
  return i18n.global.t as unknown as Translate;
}

/** The record as a reader in `locale` reads it, through the real message files, Intl durations and lists. */
async function read(call: TeamCallRecordDto, locale: 'en' | 'ru'): Promise<string[]> {
  const t = await translator(locale);
  const lines = callRecordLines(call, {
    agent: (id) => people[id] ?? '?',
    list: (names) => listNames(names, locale),
    duration: (seconds) => formatDuration(seconds, locale),
  });
  return lines.map((line) => t(line.key, line.params));
}

const base: TeamCallRecordDto = { callId: 9, kind: 'direct', callerAgentId: 1, outcome: 'completed', joinedAgentIds: [1, 2], durationSeconds: 95, ticketId: null };

describe('the record of a call, in the reader\'s language', () => {
  it('tells an answered call with its duration, who started it and who joined, in English and in Russian', async () => {
    expect(await read(base, 'en')).toEqual(['Call · 1 min, 35 sec', 'Started by Anna', 'Joined: Anna and Boris']);
    expect(await read(base, 'ru')).toEqual(['Звонок · 1 мин 35 с', 'Начал(а): Anna', 'Участники: Anna и Boris']);
  });

  it('tells a missed group consultation without a duration or a list of who joined, but with its ticket', async () => {
    const missed: TeamCallRecordDto = { ...base, kind: 'group', outcome: 'missed', joinedAgentIds: [1], durationSeconds: 0, ticketId: 1042 };
    expect(await read(missed, 'en')).toEqual(['Group call nobody answered', 'Started by Anna', 'About ticket #1042']);
    expect(await read(missed, 'ru')).toEqual(['Групповой звонок без ответа', 'Начал(а): Anna', 'По тикету #1042']);
  });

  it('has its own line for every outcome of both kinds', async () => {
    for (const kind of ['direct', 'group'] as const) {
      for (const outcome of ['completed', 'missed', 'declined', 'cancelled', 'busy'] as const) {
        for (const locale of ['en', 'ru'] as const) {
          const [line] = await read({ ...base, kind, outcome }, locale);
          expect(line, `${locale} ${kind} ${outcome}`).not.toMatch(/callRecords\./);
        }
      }
    }
  });

  it('words the consultation note on the ticket the same way', async () => {
    const text = async (locale: 'en' | 'ru') => {
      const t = await translator(locale);
      const event = systemEventText({ type: 'call_consulted', callerAgentId: 1, consultedAgentIds: [2, 3], outcome: 'completed', durationSeconds: 42 }, 'Anna', {
        agent: (id) => (id === null ? null : (people[id] ?? null)),
        department: () => null,
        status: (s) => s,
        priority: (p) => p,
        date: (iso) => iso,
        slaTarget: (target) => target,
        duration: (seconds) => formatDuration(seconds, locale),
        list: (list) => listNames(list, locale),
      });
      return t(event.key, event.params);
    };
    expect(await text('en')).toBe('Anna consulted Boris and Vera by call (42 sec)');
    expect(await text('ru')).toBe('Anna консультировался(-ась) по звонку: Boris и Vera (42 с)');
  });
});
