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
      created: 'Tickets created',
      'created.chat': 'Created by chat',
      'created.email': 'Created by email',
      'created.web_form': 'Created by web form',
      'created.api': 'Created through the API',
      'created.internal': 'Created as internal',
      resolved: 'Resolved',
      reopened: 'Reopened',
      backlog: 'Open tickets (backlog)',
      replies: 'Replies',
      'first_response.median': 'First response, median (s)',
      'first_response.p90': 'First response, 90th percentile (s)',
      'resolution.median': 'Resolution time, median (s)',
      'resolution.p90': 'Resolution time, 90th percentile (s)',
      'replies_per_ticket.median': 'Replies per ticket, median',
      'replies_per_ticket.p90': 'Replies per ticket, 90th percentile',
    },
  },
  bg: {
    unit: 'Период',
    agent: 'Агент',
    total: 'Общо',
    previous: 'Предишен период',
    metrics: {
      created: 'Създадени тикети',
      'created.chat': 'Създадени от чат',
      'created.email': 'Създадени от имейл',
      'created.web_form': 'Създадени от уеб формуляр',
      'created.api': 'Създадени чрез API',
      'created.internal': 'Създадени като вътрешни',
      resolved: 'Решени',
      reopened: 'Отворени отново',
      backlog: 'Отворени тикети (натрупани)',
      replies: 'Отговори',
      'first_response.median': 'Първи отговор, медиана (с)',
      'first_response.p90': 'Първи отговор, 90-и персентил (с)',
      'resolution.median': 'Време за решаване, медиана (с)',
      'resolution.p90': 'Време за решаване, 90-и персентил (с)',
      'replies_per_ticket.median': 'Отговори на тикет, медиана',
      'replies_per_ticket.p90': 'Отговори на тикет, 90-и персентил',
    },
  },
  el: {
    unit: 'Διάστημα',
    agent: 'Εκπρόσωπος',
    total: 'Σύνολο',
    previous: 'Προηγούμενη περίοδος',
    metrics: {
      created: 'Αιτήματα που δημιουργήθηκαν',
      'created.chat': 'Δημιουργήθηκαν μέσω συνομιλίας',
      'created.email': 'Δημιουργήθηκαν μέσω email',
      'created.web_form': 'Δημιουργήθηκαν μέσω φόρμας ιστότοπου',
      'created.api': 'Δημιουργήθηκαν μέσω API',
      'created.internal': 'Δημιουργήθηκαν ως εσωτερικά',
      resolved: 'Επιλύθηκαν',
      reopened: 'Άνοιξαν ξανά',
      backlog: 'Ανοιχτά αιτήματα (εκκρεμότητες)',
      replies: 'Απαντήσεις',
      'first_response.median': 'Πρώτη απάντηση, διάμεσος (δ)',
      'first_response.p90': 'Πρώτη απάντηση, 90ό εκατοστημόριο (δ)',
      'resolution.median': 'Χρόνος επίλυσης, διάμεσος (δ)',
      'resolution.p90': 'Χρόνος επίλυσης, 90ό εκατοστημόριο (δ)',
      'replies_per_ticket.median': 'Απαντήσεις ανά αίτημα, διάμεσος',
      'replies_per_ticket.p90': 'Απαντήσεις ανά αίτημα, 90ό εκατοστημόριο',
    },
  },
  lv: {
    unit: 'Periods',
    agent: 'Aģents',
    total: 'Kopā',
    previous: 'Iepriekšējais periods',
    metrics: {
      created: 'Izveidotie pieteikumi',
      'created.chat': 'Izveidoti tērzēšanā',
      'created.email': 'Izveidoti no e-pasta',
      'created.web_form': 'Izveidoti tīmekļa veidlapā',
      'created.api': 'Izveidoti ar API',
      'created.internal': 'Izveidoti kā iekšēji',
      resolved: 'Atrisināti',
      reopened: 'Atkārtoti atvērti',
      backlog: 'Atvērtie pieteikumi (uzkrājums)',
      replies: 'Atbildes',
      'first_response.median': 'Pirmā atbilde, mediāna (s)',
      'first_response.p90': 'Pirmā atbilde, 90. procentile (s)',
      'resolution.median': 'Atrisināšanas laiks, mediāna (s)',
      'resolution.p90': 'Atrisināšanas laiks, 90. procentile (s)',
      'replies_per_ticket.median': 'Atbildes uz pieteikumu, mediāna',
      'replies_per_ticket.p90': 'Atbildes uz pieteikumu, 90. procentile',
    },
  },
  ru: {
    unit: 'Период',
    agent: 'Агент',
    total: 'Всего',
    previous: 'Предыдущий период',
    metrics: {
      created: 'Создано тикетов',
      'created.chat': 'Создано из чата',
      'created.email': 'Создано из эл. почты',
      'created.web_form': 'Создано через веб-форму',
      'created.api': 'Создано через API',
      'created.internal': 'Создано как внутренние',
      resolved: 'Решено',
      reopened: 'Открыто повторно',
      backlog: 'Открытые тикеты (очередь)',
      replies: 'Ответы',
      'first_response.median': 'Первый ответ, медиана (с)',
      'first_response.p90': 'Первый ответ, 90-й процентиль (с)',
      'resolution.median': 'Время решения, медиана (с)',
      'resolution.p90': 'Время решения, 90-й процентиль (с)',
      'replies_per_ticket.median': 'Ответов на тикет, медиана',
      'replies_per_ticket.p90': 'Ответов на тикет, 90-й процентиль',
    },
  },
  uk: {
    unit: 'Період',
    agent: 'Агент',
    total: 'Усього',
    previous: 'Попередній період',
    metrics: {
      created: 'Створено тікетів',
      'created.chat': 'Створено з чату',
      'created.email': 'Створено з ел. пошти',
      'created.web_form': 'Створено через веб-форму',
      'created.api': 'Створено через API',
      'created.internal': 'Створено як внутрішні',
      resolved: 'Вирішено',
      reopened: 'Відкрито повторно',
      backlog: 'Відкриті тікети (черга)',
      replies: 'Відповіді',
      'first_response.median': 'Перша відповідь, медіана (с)',
      'first_response.p90': 'Перша відповідь, 90-й процентиль (с)',
      'resolution.median': 'Час вирішення, медіана (с)',
      'resolution.p90': 'Час вирішення, 90-й процентиль (с)',
      'replies_per_ticket.median': 'Відповідей на тікет, медіана',
      'replies_per_ticket.p90': 'Відповідей на тікет, 90-й процентиль',
    },
  },
};

/** The headings in `locale` (its language part: `lv-LV` reads as `lv`), English for any other. */
export function statisticsCsvHeadings(locale: string | undefined): Headings {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0] as NotificationLocale;
  return HEADINGS[NOTIFICATION_LOCALES.includes(language) ? language : 'en'];
}
