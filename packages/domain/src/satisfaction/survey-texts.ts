import { escapeHtml } from '../text/escape-html.js';
import { truncateText } from '../text/text-length.js';
import { SURVEY_LOCALES, type SurveyLocale } from './satisfaction.js';

/**
 * The words a customer reads when asked to rate: the survey letter and the rating page, in each of the
 * survey's languages. The ticket number leads the subject, as in every letter of a ticket.
 */
export interface SurveyWords {
  readonly subject: (f: { number: string; subject: string }) => string;
  readonly letterLead: (f: { subject: string }) => string;
  readonly good: string;
  readonly bad: string;
  readonly letterWhy: string;
  readonly pageTitle: string;
  readonly question: (f: { number: string }) => string;
  readonly commentLabel: string;
  readonly send: string;
  readonly thanks: string;
  readonly thanksBad: string;
  readonly alreadyRated: string;
  readonly expired: string;
  readonly invalid: string;
  readonly chooseOne: string;
  readonly failed: string;
}

const WORDS: Readonly<Record<SurveyLocale, SurveyWords>> = {
  en: {
    subject: (f) => `[#${f.number}] How did we do? ${f.subject}`,
    letterLead: (f) => `Your request "${f.subject}" has been resolved. How would you rate the help you received?`,
    good: 'Good, I am satisfied',
    bad: 'Bad, I am not satisfied',
    letterWhy: 'One click opens a page where you can confirm your rating and add a comment. This link works once.',
    pageTitle: 'Rate our help',
    question: (f) => `How would you rate the help you received with request #${f.number}?`,
    commentLabel: 'Anything you would like to add? (optional)',
    send: 'Send rating',
    thanks: 'Thank you for your rating.',
    thanksBad: 'Thank you for telling us. We are sorry we did not help you well enough; we will look into it.',
    alreadyRated: 'This request has already been rated. Thank you.',
    expired: 'This rating link has expired.',
    invalid: 'This rating link is not valid.',
    chooseOne: 'Please choose good or bad.',
    failed: 'Your rating could not be saved. Please try again later.',
  },
  bg: {
    subject: (f) => `[#${f.number}] Как се справихме? ${f.subject}`,
    letterLead: (f) => `Заявката ви „${f.subject}“ е решена. Как бихте оценили помощта, която получихте?`,
    good: 'Добре, доволен/доволна съм',
    bad: 'Зле, не съм доволен/доволна',
    letterWhy: 'С едно щракване се отваря страница, където можете да потвърдите оценката си и да добавите коментар. Връзката работи еднократно.',
    pageTitle: 'Оценете нашата помощ',
    question: (f) => `Как бихте оценили помощта по заявка №${f.number}?`,
    commentLabel: 'Искате ли да добавите нещо? (по желание)',
    send: 'Изпрати оценката',
    thanks: 'Благодарим ви за оценката.',
    thanksBad: 'Благодарим, че ни казахте. Съжаляваме, че не ви помогнахме достатъчно добре; ще проверим какво се е случило.',
    alreadyRated: 'Тази заявка вече е оценена. Благодарим ви.',
    expired: 'Срокът на тази връзка за оценка е изтекъл.',
    invalid: 'Тази връзка за оценка не е валидна.',
    chooseOne: 'Моля, изберете „добре“ или „зле“.',
    failed: 'Оценката ви не можа да бъде запазена. Моля, опитайте отново по-късно.',
  },
  el: {
    subject: (f) => `[#${f.number}] Πώς τα πήγαμε; ${f.subject}`,
    letterLead: (f) => `Το αίτημά σας «${f.subject}» επιλύθηκε. Πώς θα αξιολογούσατε τη βοήθεια που λάβατε;`,
    good: 'Καλή, είμαι ικανοποιημένος/η',
    bad: 'Κακή, δεν είμαι ικανοποιημένος/η',
    letterWhy: 'Με ένα κλικ ανοίγει μια σελίδα όπου μπορείτε να επιβεβαιώσετε την αξιολόγησή σας και να προσθέσετε ένα σχόλιο. Ο σύνδεσμος λειτουργεί μία φορά.',
    pageTitle: 'Αξιολογήστε τη βοήθειά μας',
    question: (f) => `Πώς θα αξιολογούσατε τη βοήθεια που λάβατε για το αίτημα #${f.number};`,
    commentLabel: 'Θέλετε να προσθέσετε κάτι; (προαιρετικό)',
    send: 'Αποστολή αξιολόγησης',
    thanks: 'Σας ευχαριστούμε για την αξιολόγησή σας.',
    thanksBad: 'Σας ευχαριστούμε που μας το είπατε. Λυπούμαστε που δεν σας βοηθήσαμε αρκετά· θα το εξετάσουμε.',
    alreadyRated: 'Αυτό το αίτημα έχει ήδη αξιολογηθεί. Σας ευχαριστούμε.',
    expired: 'Αυτός ο σύνδεσμος αξιολόγησης έχει λήξει.',
    invalid: 'Αυτός ο σύνδεσμος αξιολόγησης δεν είναι έγκυρος.',
    chooseOne: 'Επιλέξτε «καλή» ή «κακή».',
    failed: 'Η αξιολόγησή σας δεν αποθηκεύτηκε. Δοκιμάστε ξανά αργότερα.',
  },
  lv: {
    subject: (f) => `[#${f.number}] Kā mums veicās? ${f.subject}`,
    letterLead: (f) => `Jūsu pieprasījums “${f.subject}” ir atrisināts. Kā jūs novērtētu saņemto palīdzību?`,
    good: 'Labi, esmu apmierināts',
    bad: 'Slikti, neesmu apmierināts',
    letterWhy: 'Ar vienu klikšķi atveras lapa, kurā varat apstiprināt savu vērtējumu un pievienot komentāru. Saite darbojas vienu reizi.',
    pageTitle: 'Novērtējiet mūsu palīdzību',
    question: (f) => `Kā jūs novērtētu palīdzību, ko saņēmāt pieprasījumā #${f.number}?`,
    commentLabel: 'Vai vēlaties ko piebilst? (nav obligāti)',
    send: 'Nosūtīt vērtējumu',
    thanks: 'Paldies par jūsu vērtējumu.',
    thanksBad: 'Paldies, ka pastāstījāt. Mums žēl, ka nepalīdzējām pietiekami labi; mēs to izskatīsim.',
    alreadyRated: 'Šis pieprasījums jau ir novērtēts. Paldies.',
    expired: 'Šīs vērtēšanas saites derīguma termiņš ir beidzies.',
    invalid: 'Šī vērtēšanas saite nav derīga.',
    chooseOne: 'Lūdzu, izvēlieties “labi” vai “slikti”.',
    failed: 'Jūsu vērtējumu neizdevās saglabāt. Lūdzu, mēģiniet vēlreiz vēlāk.',
  },
  ru: {
    subject: (f) => `[#${f.number}] Как мы справились? ${f.subject}`,
    letterLead: (f) => `Ваше обращение «${f.subject}» решено. Как вы оцените полученную помощь?`,
    good: 'Хорошо, я доволен(льна)',
    bad: 'Плохо, я не доволен(льна)',
    letterWhy: 'Одним щелчком откроется страница, где можно подтвердить оценку и добавить комментарий. Ссылка действует один раз.',
    pageTitle: 'Оцените нашу помощь',
    question: (f) => `Как вы оцените помощь по обращению №${f.number}?`,
    commentLabel: 'Хотите что-нибудь добавить? (необязательно)',
    send: 'Отправить оценку',
    thanks: 'Спасибо за вашу оценку.',
    thanksBad: 'Спасибо, что сообщили. Нам жаль, что мы помогли недостаточно хорошо; мы разберёмся.',
    alreadyRated: 'Это обращение уже оценено. Спасибо.',
    expired: 'Срок действия этой ссылки для оценки истёк.',
    invalid: 'Эта ссылка для оценки недействительна.',
    chooseOne: 'Пожалуйста, выберите «хорошо» или «плохо».',
    failed: 'Не удалось сохранить вашу оценку. Попробуйте ещё раз позже.',
  },
  uk: {
    subject: (f) => `[#${f.number}] Як ми впоралися? ${f.subject}`,
    letterLead: (f) => `Ваше звернення «${f.subject}» вирішено. Як ви оціните отриману допомогу?`,
    good: 'Добре, я задоволений(а)',
    bad: 'Погано, я не задоволений(а)',
    letterWhy: 'Одним клацанням відкриється сторінка, де можна підтвердити оцінку й додати коментар. Посилання діє один раз.',
    pageTitle: 'Оцініть нашу допомогу',
    question: (f) => `Як ви оціните допомогу за зверненням №${f.number}?`,
    commentLabel: 'Бажаєте щось додати? (необов’язково)',
    send: 'Надіслати оцінку',
    thanks: 'Дякуємо за вашу оцінку.',
    thanksBad: 'Дякуємо, що повідомили. Нам шкода, що ми допомогли недостатньо добре; ми розберемося.',
    alreadyRated: 'Це звернення вже оцінено. Дякуємо.',
    expired: 'Термін дії цього посилання для оцінки минув.',
    invalid: 'Це посилання для оцінки недійсне.',
    chooseOne: 'Будь ласка, виберіть «добре» або «погано».',
    failed: 'Не вдалося зберегти вашу оцінку. Спробуйте ще раз пізніше.',
  },
};

export function surveyWords(locale: SurveyLocale): SurveyWords {
  return WORDS[(SURVEY_LOCALES as readonly string[]).includes(locale) ? locale : 'en'];
}

/**
 * The survey letter: the question and one link per answer (each opens the rating page with it chosen), as
 * text and as HTML with the two answers as buttons. Nothing of the ticket's is read as markup.
 */
export function surveyLetter(locale: SurveyLocale, facts: { number: string; subject: string; goodUrl: string; badUrl: string }): { subject: string; text: string; html: string } {
  const words = surveyWords(locale);
  const subject = truncateText(facts.subject.replace(/\s+/g, ' ').trim(), 200, '…');
  const lead = words.letterLead({ subject });
  const button = (url: string, label: string, colour: string) =>
    `<a href="${escapeHtml(url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:10px 16px;border-radius:6px;background:${colour};color:#ffffff;text-decoration:none">${escapeHtml(label)}</a>`;
  return {
    subject: truncateText(words.subject({ number: facts.number, subject }), 300),
    text: [lead, '', `${words.good}:`, facts.goodUrl, '', `${words.bad}:`, facts.badUrl, '', '-- ', words.letterWhy, ''].join('\n'),
    html: [
      `<!doctype html><html lang="${locale}"><body>`,
      `<p>${escapeHtml(lead)}</p>`,
      `<p>${button(facts.goodUrl, words.good, '#1d7a46')}${button(facts.badUrl, words.bad, '#a4262c')}</p>`,
      `<p style="color:#555555;font-size:small">${escapeHtml(words.letterWhy)}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}
