import { NOTIFICATION_LOCALES, type NotificationLocale } from '../notifications/email-texts.js';
import type { StatisticsMetric } from './report.js';

/**
 * The column headings of exported statistics, in the six interface languages: a spreadsheet shows them as
 * they are, so they are written out here rather than left as keys. Durations are exported in seconds.
 */
interface Headings {
  readonly unit: string;
  readonly agent: string;
  readonly total: string;
  readonly previous: string;
  readonly metrics: Readonly<Record<StatisticsMetric, string>>;
}

const HEADINGS: Readonly<Record<NotificationLocale, Headings>> = {
  en: {
    unit: 'Unit',
    agent: 'Agent',
    total: 'Total',
    previous: 'Previous period',
    metrics: {
      created: 'Created',
      'created.chat': 'Created: chat',
      'created.email': 'Created: email',
      'created.web_form': 'Created: web form',
      'created.api': 'Created: API',
      'created.internal': 'Created: internal',
      resolved: 'Resolved',
      reopened: 'Reopened',
      backlog: 'Open at the end',
      replies: 'Replies',
      'first_response.median': 'First response, median (s)',
      'first_response.p90': 'First response, p90 (s)',
      'resolution.median': 'Resolution time, median (s)',
      'resolution.p90': 'Resolution time, p90 (s)',
      'replies_per_ticket.median': 'Replies per ticket, median',
      'replies_per_ticket.p90': 'Replies per ticket, p90',
    },
  },
  bg: {
    unit: 'Период',
    agent: 'Агент',
    total: 'Общо',
    previous: 'Предишен период',
    metrics: {
      created: 'Създадени',
      'created.chat': 'Създадени: чат',
      'created.email': 'Създадени: имейл',
      'created.web_form': 'Създадени: уеб формуляр',
      'created.api': 'Създадени: API',
      'created.internal': 'Създадени: вътрешни',
      resolved: 'Решени',
      reopened: 'Отворени отново',
      backlog: 'Отворени в края',
      replies: 'Отговори',
      'first_response.median': 'Първи отговор, медиана (с)',
      'first_response.p90': 'Първи отговор, p90 (с)',
      'resolution.median': 'Време за решаване, медиана (с)',
      'resolution.p90': 'Време за решаване, p90 (с)',
      'replies_per_ticket.median': 'Отговори на билет, медиана',
      'replies_per_ticket.p90': 'Отговори на билет, p90',
    },
  },
  el: {
    unit: 'Διάστημα',
    agent: 'Εκπρόσωπος',
    total: 'Σύνολο',
    previous: 'Προηγούμενη περίοδος',
    metrics: {
      created: 'Δημιουργήθηκαν',
      'created.chat': 'Δημιουργήθηκαν: συνομιλία',
      'created.email': 'Δημιουργήθηκαν: email',
      'created.web_form': 'Δημιουργήθηκαν: φόρμα ιστού',
      'created.api': 'Δημιουργήθηκαν: API',
      'created.internal': 'Δημιουργήθηκαν: εσωτερικά',
      resolved: 'Επιλύθηκαν',
      reopened: 'Άνοιξαν ξανά',
      backlog: 'Ανοιχτά στο τέλος',
      replies: 'Απαντήσεις',
      'first_response.median': 'Πρώτη απάντηση, διάμεσος (δ)',
      'first_response.p90': 'Πρώτη απάντηση, p90 (δ)',
      'resolution.median': 'Χρόνος επίλυσης, διάμεσος (δ)',
      'resolution.p90': 'Χρόνος επίλυσης, p90 (δ)',
      'replies_per_ticket.median': 'Απαντήσεις ανά αίτημα, διάμεσος',
      'replies_per_ticket.p90': 'Απαντήσεις ανά αίτημα, p90',
    },
  },
  lv: {
    unit: 'Periods',
    agent: 'Aģents',
    total: 'Kopā',
    previous: 'Iepriekšējais periods',
    metrics: {
      created: 'Izveidotas',
      'created.chat': 'Izveidotas: tērzēšana',
      'created.email': 'Izveidotas: e-pasts',
      'created.web_form': 'Izveidotas: tīmekļa veidlapa',
      'created.api': 'Izveidotas: API',
      'created.internal': 'Izveidotas: iekšējās',
      resolved: 'Atrisinātas',
      reopened: 'Atvērtas atkārtoti',
      backlog: 'Atvērtas perioda beigās',
      replies: 'Atbildes',
      'first_response.median': 'Pirmā atbilde, mediāna (s)',
      'first_response.p90': 'Pirmā atbilde, p90 (s)',
      'resolution.median': 'Atrisināšanas laiks, mediāna (s)',
      'resolution.p90': 'Atrisināšanas laiks, p90 (s)',
      'replies_per_ticket.median': 'Atbildes uz pieteikumu, mediāna',
      'replies_per_ticket.p90': 'Atbildes uz pieteikumu, p90',
    },
  },
  ru: {
    unit: 'Период',
    agent: 'Агент',
    total: 'Всего',
    previous: 'Предыдущий период',
    metrics: {
      created: 'Создано',
      'created.chat': 'Создано: чат',
      'created.email': 'Создано: email',
      'created.web_form': 'Создано: веб-форма',
      'created.api': 'Создано: API',
      'created.internal': 'Создано: внутренние',
      resolved: 'Решено',
      reopened: 'Открыто повторно',
      backlog: 'Открыто на конец',
      replies: 'Ответы',
      'first_response.median': 'Первый ответ, медиана (с)',
      'first_response.p90': 'Первый ответ, p90 (с)',
      'resolution.median': 'Время решения, медиана (с)',
      'resolution.p90': 'Время решения, p90 (с)',
      'replies_per_ticket.median': 'Ответов на тикет, медиана',
      'replies_per_ticket.p90': 'Ответов на тикет, p90',
    },
  },
  uk: {
    unit: 'Період',
    agent: 'Агент',
    total: 'Усього',
    previous: 'Попередній період',
    metrics: {
      created: 'Створено',
      'created.chat': 'Створено: чат',
      'created.email': 'Створено: email',
      'created.web_form': 'Створено: вебформа',
      'created.api': 'Створено: API',
      'created.internal': 'Створено: внутрішні',
      resolved: 'Вирішено',
      reopened: 'Відкрито повторно',
      backlog: 'Відкрито на кінець',
      replies: 'Відповіді',
      'first_response.median': 'Перша відповідь, медіана (с)',
      'first_response.p90': 'Перша відповідь, p90 (с)',
      'resolution.median': 'Час вирішення, медіана (с)',
      'resolution.p90': 'Час вирішення, p90 (с)',
      'replies_per_ticket.median': 'Відповідей на тікет, медіана',
      'replies_per_ticket.p90': 'Відповідей на тікет, p90',
    },
  },
};

/** The headings in `locale` (its language part: `lv-LV` reads as `lv`), English for any other. */
export function statisticsCsvHeadings(locale: string | undefined): Headings {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] as NotificationLocale;
  return HEADINGS[NOTIFICATION_LOCALES.includes(language) ? language : 'en'];
}
