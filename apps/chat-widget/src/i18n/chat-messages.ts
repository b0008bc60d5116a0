/**
 * The chat frame's texts. Kept apart from messages.ts so that widget.js (loaded on every page) carries only
 * the launcher's few words; these load with the chat UI, when the visitor opens it.
 */
import type { Locale } from './messages';

export interface ChatMessages {
  readonly title: string;
  /** The header button that hides the chat panel. */
  readonly minimise: string;
  readonly intro: string;
  readonly name: string;
  readonly email: string;
  readonly question: string;
  readonly start: string;
  /** The accessible name of the list of messages. */
  readonly conversation: string;
  readonly message: string;
  readonly send: string;
  readonly you: string;
  readonly agent: string;
  readonly pending: string;
  readonly failed: string;
  readonly connecting: string;
  readonly reconnecting: string;
  readonly error: string;
  /** Shown with a running counter while no agent has taken the chat yet. */
  readonly waiting: string;
  /** `{name}` is the agent's name. */
  readonly joined: string;
  readonly ended: string;
}

export const chatMessages: Readonly<Record<Locale, ChatMessages>> = {
  en: {
    title: 'Chat with us',
    minimise: 'Minimise chat',
    intro: 'Ask us anything: we usually answer within minutes.',
    name: 'Your name',
    email: 'Your email',
    question: 'How can we help?',
    start: 'Start chat',
    conversation: 'Conversation',
    message: 'Message',
    send: 'Send',
    you: 'You',
    agent: 'Support',
    pending: 'Sending…',
    failed: 'Not sent',
    connecting: 'Connecting…',
    reconnecting: 'Connection lost. Reconnecting…',
    error: 'Something went wrong. Please try again.',
    waiting: 'Waiting for an agent…',
    joined: '{name} joined the chat',
    ended: 'The chat has ended.',
  },
  bg: {
    title: 'Пишете ни',
    minimise: 'Скрий чата',
    intro: 'Попитайте ни каквото и да е: обикновено отговаряме до минути.',
    name: 'Вашето име',
    email: 'Вашият имейл',
    question: 'С какво да помогнем?',
    start: 'Започни чат',
    conversation: 'Разговор',
    message: 'Съобщение',
    send: 'Изпрати',
    you: 'Вие',
    agent: 'Поддръжка',
    pending: 'Изпраща се…',
    failed: 'Не е изпратено',
    connecting: 'Свързване…',
    reconnecting: 'Връзката прекъсна. Свързване отново…',
    error: 'Нещо се обърка. Опитайте отново.',
    waiting: 'Изчакване на агент…',
    joined: '{name} се включи в чата',
    ended: 'Чатът приключи.',
  },
  el: {
    title: 'Μιλήστε μαζί μας',
    minimise: 'Ελαχιστοποίηση συνομιλίας',
    intro: 'Ρωτήστε μας ό,τι θέλετε: συνήθως απαντάμε μέσα σε λίγα λεπτά.',
    name: 'Το όνομά σας',
    email: 'Το email σας',
    question: 'Πώς μπορούμε να βοηθήσουμε;',
    start: 'Έναρξη συνομιλίας',
    conversation: 'Συνομιλία',
    message: 'Μήνυμα',
    send: 'Αποστολή',
    you: 'Εσείς',
    agent: 'Υποστήριξη',
    pending: 'Αποστολή…',
    failed: 'Δεν στάλθηκε',
    connecting: 'Σύνδεση…',
    reconnecting: 'Η σύνδεση χάθηκε. Επανασύνδεση…',
    error: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά.',
    waiting: 'Αναμονή για εκπρόσωπο…',
    joined: '{name} συνδέθηκε στη συνομιλία',
    ended: 'Η συνομιλία ολοκληρώθηκε.',
  },
  lv: {
    title: 'Sazinieties ar mums',
    minimise: 'Minimizēt tērzēšanu',
    intro: 'Jautājiet mums jebko: parasti atbildam dažu minūšu laikā.',
    name: 'Jūsu vārds',
    email: 'Jūsu e-pasts',
    question: 'Kā varam palīdzēt?',
    start: 'Sākt tērzēšanu',
    conversation: 'Saruna',
    message: 'Ziņa',
    send: 'Sūtīt',
    you: 'Jūs',
    agent: 'Atbalsts',
    pending: 'Sūta…',
    failed: 'Nav nosūtīts',
    connecting: 'Savienojas…',
    reconnecting: 'Savienojums zudis. Savienojas no jauna…',
    error: 'Kaut kas nogāja greizi. Lūdzu, mēģiniet vēlreiz.',
    waiting: 'Gaidām aģentu…',
    joined: '{name} pievienojās tērzēšanai',
    ended: 'Tērzēšana ir beigusies.',
  },
  ru: {
    title: 'Напишите нам',
    minimise: 'Свернуть чат',
    intro: 'Спросите нас о чём угодно: обычно мы отвечаем за несколько минут.',
    name: 'Ваше имя',
    email: 'Ваш email',
    question: 'Чем мы можем помочь?',
    start: 'Начать чат',
    conversation: 'Разговор',
    message: 'Сообщение',
    send: 'Отправить',
    you: 'Вы',
    agent: 'Поддержка',
    pending: 'Отправляется…',
    failed: 'Не отправлено',
    connecting: 'Подключение…',
    reconnecting: 'Соединение потеряно. Переподключение…',
    error: 'Что-то пошло не так. Попробуйте ещё раз.',
    waiting: 'Ожидаем оператора…',
    joined: '{name} теперь в чате',
    ended: 'Чат завершён.',
  },
  uk: {
    title: 'Напишіть нам',
    minimise: 'Згорнути чат',
    intro: 'Запитайте нас про будь-що: зазвичай ми відповідаємо за кілька хвилин.',
    name: 'Ваше імʼя',
    email: 'Ваш email',
    question: 'Чим ми можемо допомогти?',
    start: 'Почати чат',
    conversation: 'Розмова',
    message: 'Повідомлення',
    send: 'Надіслати',
    you: 'Ви',
    agent: 'Підтримка',
    pending: 'Надсилається…',
    failed: 'Не надіслано',
    connecting: 'Підключення…',
    reconnecting: 'Зʼєднання втрачено. Повторне підключення…',
    error: 'Щось пішло не так. Спробуйте ще раз.',
    waiting: 'Очікуємо на оператора…',
    joined: '{name} тепер у чаті',
    ended: 'Чат завершено.',
  },
};
