import { truncateText } from '../text/text-length.js';

/**
 * The words of the notification emails agents receive, in the agent's own interface language. The ticket
 * number leads the subject so a mail client groups and sorts them; the body quotes what was written and
 * links to the ticket.
 */
export const NOTIFICATION_LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];
export type NotificationKind = 'new_ticket' | 'assigned' | 'customer_reply';

interface Words {
  readonly subject: Record<NotificationKind, (f: { number: string; subject: string; department: string; customer: string }) => string>;
  readonly lead: Record<NotificationKind, (f: { department: string; customer: string; by: string | null }) => string>;
  readonly open: string;
  readonly why: string;
}

const WORDS: Readonly<Record<NotificationLocale, Words>> = {
  en: {
    subject: {
      new_ticket: (f) => `[#${f.number}] New ticket in ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Assigned to you: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] ${f.customer} replied: ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `A new ticket arrived in ${f.department} from ${f.customer}.`,
      assigned: (f) => (f.by ? `${f.by} assigned this ticket to you.` : 'This ticket was assigned to you.'),
      customer_reply: (f) => `${f.customer} replied on your ticket.`,
    },
    open: 'Open the ticket',
    why: 'You receive this email because of your notification settings; change them under Account in Parley.',
  },
  bg: {
    subject: {
      new_ticket: (f) => `[#${f.number}] Нов билет в ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Възложен на вас: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] ${f.customer} отговори: ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `Нов билет пристигна в ${f.department} от ${f.customer}.`,
      assigned: (f) => (f.by ? `${f.by} ви възложи този билет.` : 'Този билет ви беше възложен.'),
      customer_reply: (f) => `${f.customer} отговори на ваш билет.`,
    },
    open: 'Отворете билета',
    why: 'Получавате този имейл заради настройките си за известия; можете да ги промените в „Профил“ в Parley.',
  },
  el: {
    subject: {
      new_ticket: (f) => `[#${f.number}] Νέο αίτημα στο τμήμα ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Σας ανατέθηκε: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] Ο/Η ${f.customer} απάντησε: ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `Ένα νέο αίτημα έφτασε στο τμήμα ${f.department} από ${f.customer}.`,
      assigned: (f) => (f.by ? `Ο/Η ${f.by} σας ανέθεσε αυτό το αίτημα.` : 'Αυτό το αίτημα σας ανατέθηκε.'),
      customer_reply: (f) => `Ο/Η ${f.customer} απάντησε σε αίτημά σας.`,
    },
    open: 'Άνοιγμα του αιτήματος',
    why: 'Λαμβάνετε αυτό το μήνυμα λόγω των ρυθμίσεων ειδοποιήσεών σας· αλλάξτε τις στον Λογαριασμό στο Parley.',
  },
  lv: {
    subject: {
      new_ticket: (f) => `[#${f.number}] Jauns pieteikums nodaļā ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Piešķirts jums: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] ${f.customer} atbildēja: ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `Nodaļā ${f.department} ienāca jauns pieteikums no ${f.customer}.`,
      assigned: (f) => (f.by ? `${f.by} piešķīra jums šo pieteikumu.` : 'Šis pieteikums tika piešķirts jums.'),
      customer_reply: (f) => `${f.customer} atbildēja jūsu pieteikumā.`,
    },
    open: 'Atvērt pieteikumu',
    why: 'Jūs saņemat šo e-pastu savu paziņojumu iestatījumu dēļ; tos var mainīt Parley sadaļā “Konts”.',
  },
  ru: {
    subject: {
      new_ticket: (f) => `[#${f.number}] Новое обращение в отделе ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Назначено вам: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] ${f.customer} ответил(а): ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `В отдел ${f.department} поступило новое обращение от ${f.customer}.`,
      assigned: (f) => (f.by ? `${f.by} назначил(а) вам это обращение.` : 'Это обращение назначено вам.'),
      customer_reply: (f) => `${f.customer} ответил(а) в вашем обращении.`,
    },
    open: 'Открыть обращение',
    why: 'Вы получили это письмо из-за своих настроек уведомлений; изменить их можно в разделе «Профиль» в Parley.',
  },
  uk: {
    subject: {
      new_ticket: (f) => `[#${f.number}] Нове звернення у відділі ${f.department}: ${f.subject}`,
      assigned: (f) => `[#${f.number}] Призначено вам: ${f.subject}`,
      customer_reply: (f) => `[#${f.number}] ${f.customer} відповів(ла): ${f.subject}`,
    },
    lead: {
      new_ticket: (f) => `До відділу ${f.department} надійшло нове звернення від ${f.customer}.`,
      assigned: (f) => (f.by ? `${f.by} призначив(ла) вам це звернення.` : 'Це звернення призначено вам.'),
      customer_reply: (f) => `${f.customer} відповів(ла) у вашому зверненні.`,
    },
    open: 'Відкрити звернення',
    why: 'Ви отримали цей лист через свої налаштування сповіщень; змінити їх можна в розділі «Обліковий запис» у Parley.',
  },
};

export interface NotificationMail {
  readonly subject: string;
  readonly text: string;
}

const EXCERPT = 1000;

/** The notification mail for one agent, in their language (English when theirs is unknown). */
export function notificationMail(
  kind: NotificationKind,
  locale: string,
  facts: { number: string; subject: string; department: string; customer: string; by: string | null; excerpt: string; url: string },
): NotificationMail {
  const words = WORDS[(NOTIFICATION_LOCALES as readonly string[]).includes(locale) ? (locale as NotificationLocale) : 'en'];
  const excerpt = truncateText(facts.excerpt, EXCERPT, '…');
  const quoted = excerpt
    .trim()
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  return {
    subject: truncateText(words.subject[kind](facts).replace(/\s+/g, ' '), 300),
    text: [words.lead[kind](facts), '', ...(excerpt.trim() ? [quoted, ''] : []), `${words.open}: ${facts.url}`, '', '-- ', words.why, ''].join('\n'),
  };
}
