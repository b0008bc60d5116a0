/**
 * The frame's texts for the widget's settings: the department choice, the offline form and its answer.
 * Apart from chat-messages.ts so each feature's words stay together; they load with the chat UI.
 */
import type { Locale } from './messages';

export interface FormMessages {
  /** The pre-chat form's department picker. */
  readonly department: string;
  readonly offlineIntro: string;
  readonly offlineName: string;
  readonly offlineEmail: string;
  readonly offlineMessage: string;
  readonly offlineSend: string;
  /** After the offline form: `{number}` is the ticket number to quote. */
  readonly offlineThanks: string;
  readonly offlineError: string;
  readonly required: string;
}

export const formMessages: Readonly<Record<Locale, FormMessages>> = {
  en: {
    department: 'Department',
    offlineIntro: 'Nobody is available to chat right now. Leave us a message and we will answer by email.',
    offlineName: 'Your name',
    offlineEmail: 'Your email',
    offlineMessage: 'Your message',
    offlineSend: 'Send message',
    offlineThanks: 'Thank you! Your message is ticket {number}. Expect our answer by email.',
    offlineError: 'Your message could not be sent. Please check the fields and try again.',
    required: 'required',
  },
  bg: {
    department: 'Отдел',
    offlineIntro: 'В момента няма кой да отговори в чата. Оставете ни съобщение и ще ви отговорим по имейл.',
    offlineName: 'Вашето име',
    offlineEmail: 'Вашият имейл',
    offlineMessage: 'Вашето съобщение',
    offlineSend: 'Изпрати съобщението',
    offlineThanks: 'Благодарим ви! Съобщението ви е заявка {number}. Очаквайте отговора ни по имейл.',
    offlineError: 'Съобщението не можа да бъде изпратено. Проверете полетата и опитайте отново.',
    required: 'задължително',
  },
  el: {
    department: 'Τμήμα',
    offlineIntro: 'Κανείς δεν είναι διαθέσιμος για συνομιλία αυτή τη στιγμή. Αφήστε μας ένα μήνυμα και θα σας απαντήσουμε με email.',
    offlineName: 'Το όνομά σας',
    offlineEmail: 'Το email σας',
    offlineMessage: 'Το μήνυμά σας',
    offlineSend: 'Αποστολή μηνύματος',
    offlineThanks: 'Ευχαριστούμε! Το μήνυμά σας είναι το αίτημα {number}. Θα λάβετε την απάντησή μας με email.',
    offlineError: 'Δεν ήταν δυνατή η αποστολή του μηνύματος. Ελέγξτε τα πεδία και δοκιμάστε ξανά.',
    required: 'υποχρεωτικό',
  },
  lv: {
    department: 'Nodaļa',
    offlineIntro: 'Šobrīd neviens nav pieejams tērzēšanai. Atstājiet mums ziņu, un mēs atbildēsim pa e-pastu.',
    offlineName: 'Jūsu vārds',
    offlineEmail: 'Jūsu e-pasts',
    offlineMessage: 'Jūsu ziņa',
    offlineSend: 'Sūtīt ziņu',
    offlineThanks: 'Paldies! Jūsu ziņa ir pieteikums {number}. Gaidiet mūsu atbildi e-pastā.',
    offlineError: 'Ziņu neizdevās nosūtīt. Lūdzu, pārbaudiet laukus un mēģiniet vēlreiz.',
    required: 'obligāts',
  },
  ru: {
    department: 'Отдел',
    offlineIntro: 'Сейчас в чате никого нет. Оставьте нам сообщение, и мы ответим по электронной почте.',
    offlineName: 'Ваше имя',
    offlineEmail: 'Ваш email',
    offlineMessage: 'Ваше сообщение',
    offlineSend: 'Отправить сообщение',
    offlineThanks: 'Спасибо! Ваше сообщение — заявка {number}. Ждите нашего ответа по электронной почте.',
    offlineError: 'Не удалось отправить сообщение. Проверьте поля и попробуйте ещё раз.',
    required: 'обязательно',
  },
  uk: {
    department: 'Відділ',
    offlineIntro: 'Зараз у чаті нікого немає. Залиште нам повідомлення, і ми відповімо електронною поштою.',
    offlineName: 'Ваше імʼя',
    offlineEmail: 'Ваш email',
    offlineMessage: 'Ваше повідомлення',
    offlineSend: 'Надіслати повідомлення',
    offlineThanks: 'Дякуємо! Ваше повідомлення — заявка {number}. Чекайте на нашу відповідь електронною поштою.',
    offlineError: 'Не вдалося надіслати повідомлення. Перевірте поля та спробуйте ще раз.',
    required: "обовʼязково",
  },
};
