import { isKnownTimeZone } from '../time/time-zone.js';

/**
 * The transcript a visitor asks for when ending a chat: the conversation as they saw it. Callers pass only
 * what visibleThread let through (the visitor's messages and our public replies); nothing else has a line.
 */
export const TRANSCRIPT_LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export type TranscriptLocale = (typeof TRANSCRIPT_LOCALES)[number];

export interface TranscriptMessage {
  readonly from: 'customer' | 'agent';
  readonly authorName: string | null;
  readonly body: string;
  readonly createdAt: Date;
  readonly attachmentNames: readonly string[];
}

interface TranscriptWords {
  readonly subject: (number: string) => string;
  readonly intro: (number: string) => string;
  readonly you: string;
  readonly support: string;
  readonly attached: string;
}

const WORDS: Readonly<Record<TranscriptLocale, TranscriptWords>> = {
  en: {
    subject: (n) => `Your chat transcript (${n})`,
    intro: (n) => `Here is the transcript of your chat with us. To write to us about it, reply to this email or quote ${n}.`,
    you: 'You',
    support: 'Support',
    attached: 'File',
  },
  bg: {
    subject: (n) => `Запис на вашия чат (${n})`,
    intro: (n) => `Ето записа на вашия чат с нас. За да ни пишете по въпроса, отговорете на този имейл или посочете ${n}.`,
    you: 'Вие',
    support: 'Поддръжка',
    attached: 'Файл',
  },
  el: {
    subject: (n) => `Το αντίγραφο της συνομιλίας σας (${n})`,
    intro: (n) => `Ακολουθεί το αντίγραφο της συνομιλίας σας μαζί μας. Για να μας γράψετε σχετικά, απαντήστε σε αυτό το email ή αναφέρετε το ${n}.`,
    you: 'Εσείς',
    support: 'Υποστήριξη',
    attached: 'Αρχείο',
  },
  lv: {
    subject: (n) => `Jūsu tērzēšanas atšifrējums (${n})`,
    intro: (n) => `Šeit ir jūsu tērzēšanas ar mums atšifrējums. Lai mums par to rakstītu, atbildiet uz šo e-pastu vai norādiet ${n}.`,
    you: 'Jūs',
    support: 'Atbalsts',
    attached: 'Fails',
  },
  ru: {
    subject: (n) => `Запись вашего чата (${n})`,
    intro: (n) => `Вот запись вашего чата с нами. Чтобы написать нам об этом, ответьте на это письмо или укажите ${n}.`,
    you: 'Вы',
    support: 'Поддержка',
    attached: 'Файл',
  },
  uk: {
    subject: (n) => `Запис вашого чату (${n})`,
    intro: (n) => `Ось запис вашого чату з нами. Щоб написати нам про це, дайте відповідь на цей лист або вкажіть ${n}.`,
    you: 'Ви',
    support: 'Підтримка',
    attached: 'Файл',
  },
};

export function isTranscriptLocale(value: string | undefined): value is TranscriptLocale {
  return (TRANSCRIPT_LOCALES as readonly string[]).includes(value ?? '');
}

/** The email's subject and plain-text body; times in the visitor's time zone when known, else in UTC, the zone always named. */
export function chatTranscript(
  ticketNumber: string,
  messages: readonly TranscriptMessage[],
  locale: TranscriptLocale = 'en',
  timeZone = 'UTC',
): { subject: string; text: string } {
  const w = WORDS[locale];
  // The widget sends the visitor's zone; anything else falls back to UTC.
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const format = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
    timeZoneName: 'short',
  });
  const number = ticketNumber.startsWith('#') ? ticketNumber : `#${ticketNumber}`;
  const lines = messages.map((m) => {
    const who = m.from === 'customer' ? w.you : (m.authorName ?? w.support);
    const time = format.format(m.createdAt);
    const files = m.attachmentNames.map((name) => `\n  [${w.attached}: ${name}]`).join('');
    const body = m.body.replace(/\r\n?/g, '\n').split('\n').join('\n  ');
    return `[${time}] ${who}:\n  ${body}${files}`;
  });
  return { subject: w.subject(number), text: `${w.intro(number)}\n\n${lines.join('\n\n')}\n` };
}
