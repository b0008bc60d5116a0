import { NOTIFICATION_LOCALES, type NotificationLocale } from '../notifications/email-texts.js';

/**
 * The letter with a password reset link, in the agent's own language. It says what to do when the agent did
 * not ask, because anyone who knows an address can ask for it.
 */
interface Words {
  readonly subject: string;
  readonly lead: (name: string) => string;
  readonly open: string;
  readonly lapses: string;
  readonly notYou: string;
}

const WORDS: Readonly<Record<NotificationLocale, Words>> = {
  en: {
    subject: 'Reset your Parley password',
    lead: (name) => `Hello ${name}, someone asked to reset the password of your Parley account.`,
    open: 'Choose a new password',
    lapses: 'The link works once and for one hour.',
    notYou: 'If it was not you, ignore this email: your password stays as it is.',
  },
  bg: {
    subject: 'Смяна на паролата ви в Parley',
    lead: (name) => `Здравейте, ${name}! Някой поиска смяна на паролата на профила ви в Parley.`,
    open: 'Изберете нова парола',
    lapses: 'Връзката работи веднъж и в продължение на един час.',
    notYou: 'Ако не сте били вие, пренебрегнете това писмо: паролата ви остава същата.',
  },
  el: {
    subject: 'Επαναφορά του κωδικού σας στο Parley',
    lead: (name) => `Γεια σας ${name}, κάποιος ζήτησε επαναφορά του κωδικού πρόσβασης του λογαριασμού σας στο Parley.`,
    open: 'Επιλέξτε νέο κωδικό',
    lapses: 'Ο σύνδεσμος λειτουργεί μία φορά και για μία ώρα.',
    notYou: 'Αν δεν ήσασταν εσείς, αγνοήστε αυτό το μήνυμα: ο κωδικός σας μένει ως έχει.',
  },
  lv: {
    subject: 'Atjaunojiet savu Parley paroli',
    lead: (name) => `Sveiki, ${name}! Kāds lūdza atjaunot jūsu Parley konta paroli.`,
    open: 'Izvēlieties jaunu paroli',
    lapses: 'Saite darbojas vienu reizi un vienu stundu.',
    notYou: 'Ja tas nebijāt jūs, neņemiet šo vēstuli vērā: jūsu parole paliek nemainīga.',
  },
  ru: {
    subject: 'Сброс пароля Parley',
    lead: (name) => `Здравствуйте, ${name}! Кто-то запросил сброс пароля вашей учётной записи Parley.`,
    open: 'Выберите новый пароль',
    lapses: 'Ссылка действует один раз и в течение одного часа.',
    notYou: 'Если это были не вы, просто проигнорируйте это письмо: ваш пароль останется прежним.',
  },
  uk: {
    subject: 'Скидання пароля Parley',
    lead: (name) => `Вітаємо, ${name}! Хтось попросив скинути пароль вашого облікового запису Parley.`,
    open: 'Оберіть новий пароль',
    lapses: 'Посилання діє один раз і протягом однієї години.',
    notYou: 'Якщо це були не ви, просто проігноруйте цей лист: ваш пароль залишиться без змін.',
  },
};

export function passwordResetMail(locale: string, facts: { name: string; url: string }): { subject: string; text: string } {
  const words = WORDS[(NOTIFICATION_LOCALES as readonly string[]).includes(locale) ? (locale as NotificationLocale) : 'en'];
  return {
    subject: words.subject,
    text: [words.lead(facts.name), '', `${words.open}: ${facts.url}`, '', words.lapses, words.notYou, ''].join('\n'),
  };
}
