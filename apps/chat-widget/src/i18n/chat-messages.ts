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
  /** "{name} is typing…": an agent writes an answer. */
  readonly agentTyping: string;
  /** Under the visitor's own message: the server has it / an agent has seen it. */
  readonly delivered: string;
  readonly seen: string;
  readonly attach: string;
  /** "Remove {name}": takes a file off the message before it is sent. */
  readonly removeFile: string;
  readonly uploading: string;
  /** "{size}" is the largest allowed size, already formatted. */
  readonly fileTooLarge: string;
  readonly fileType: string;
  readonly fileRateLimited: string;
  readonly fileFailed: string;
  /** "Download {name}". */
  readonly download: string;
  readonly endChat: string;
  readonly endQuestion: string;
  readonly endTranscript: string;
  readonly endTranscriptEmail: string;
  readonly endConfirm: string;
  readonly cancel: string;
  readonly ended: string;
  readonly endedTranscript: string;
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
    agentTyping: '{name} is typing…',
    delivered: 'Delivered',
    seen: 'Seen',
    attach: 'Attach a file',
    removeFile: 'Remove {name}',
    uploading: 'Uploading…',
    fileTooLarge: 'The file is too large. The limit is {size}.',
    fileType: 'This type of file cannot be sent. Send a picture, a PDF or an office document.',
    fileRateLimited: 'Too many files at once. Please wait a little and try again.',
    fileFailed: 'The file could not be uploaded. Please try again.',
    download: 'Download {name}',
    endChat: 'End chat',
    endQuestion: 'End this chat?',
    endTranscript: 'Email me the transcript',
    endTranscriptEmail: 'Email address',
    endConfirm: 'End chat',
    cancel: 'Cancel',
    ended: 'You ended the chat. Write to us again any time.',
    endedTranscript: 'The transcript is on its way to your inbox.',
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
    agentTyping: '{name} пише…',
    delivered: 'Доставено',
    seen: 'Видяно',
    attach: 'Прикачи файл',
    removeFile: 'Премахни {name}',
    uploading: 'Качване…',
    fileTooLarge: 'Файлът е твърде голям. Ограничението е {size}.',
    fileType: 'Този вид файл не може да бъде изпратен. Изпратете снимка, PDF или офис документ.',
    fileRateLimited: 'Твърде много файлове наведнъж. Изчакайте малко и опитайте отново.',
    fileFailed: 'Файлът не можа да бъде качен. Опитайте отново.',
    download: 'Изтегли {name}',
    endChat: 'Край на чата',
    endQuestion: 'Да приключим ли този чат?',
    endTranscript: 'Изпратете ми записа по имейл',
    endTranscriptEmail: 'Имейл адрес',
    endConfirm: 'Приключи чата',
    cancel: 'Отказ',
    ended: 'Вие приключихте чата. Пишете ни отново по всяко време.',
    endedTranscript: 'Записът на разговора пътува към пощата ви.',
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
    agentTyping: 'Ο/Η {name} πληκτρολογεί…',
    delivered: 'Παραδόθηκε',
    seen: 'Προβλήθηκε',
    attach: 'Επισύναψη αρχείου',
    removeFile: 'Αφαίρεση {name}',
    uploading: 'Μεταφόρτωση…',
    fileTooLarge: 'Το αρχείο είναι πολύ μεγάλο. Το όριο είναι {size}.',
    fileType: 'Αυτός ο τύπος αρχείου δεν μπορεί να σταλεί. Στείλτε μια εικόνα, ένα PDF ή ένα έγγραφο γραφείου.',
    fileRateLimited: 'Πάρα πολλά αρχεία ταυτόχρονα. Περιμένετε λίγο και δοκιμάστε ξανά.',
    fileFailed: 'Η μεταφόρτωση του αρχείου απέτυχε. Δοκιμάστε ξανά.',
    download: 'Λήψη {name}',
    endChat: 'Τέλος συνομιλίας',
    endQuestion: 'Να τερματιστεί αυτή η συνομιλία;',
    endTranscript: 'Στείλτε μου το αντίγραφο με email',
    endTranscriptEmail: 'Διεύθυνση email',
    endConfirm: 'Τερματισμός',
    cancel: 'Άκυρο',
    ended: 'Τερματίσατε τη συνομιλία. Γράψτε μας ξανά όποτε θέλετε.',
    endedTranscript: 'Το αντίγραφο της συνομιλίας έρχεται στα εισερχόμενά σας.',
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
    agentTyping: '{name} raksta…',
    delivered: 'Piegādāts',
    seen: 'Redzēts',
    attach: 'Pievienot failu',
    removeFile: 'Noņemt {name}',
    uploading: 'Augšupielādē…',
    fileTooLarge: 'Fails ir pārāk liels. Ierobežojums ir {size}.',
    fileType: 'Šāda veida failu nevar nosūtīt. Nosūtiet attēlu, PDF vai biroja dokumentu.',
    fileRateLimited: 'Pārāk daudz failu uzreiz. Lūdzu, nedaudz uzgaidiet un mēģiniet vēlreiz.',
    fileFailed: 'Failu neizdevās augšupielādēt. Lūdzu, mēģiniet vēlreiz.',
    download: 'Lejupielādēt {name}',
    endChat: 'Beigt tērzēšanu',
    endQuestion: 'Beigt šo tērzēšanu?',
    endTranscript: 'Nosūtīt man atšifrējumu e-pastā',
    endTranscriptEmail: 'E-pasta adrese',
    endConfirm: 'Beigt tērzēšanu',
    cancel: 'Atcelt',
    ended: 'Jūs beidzāt tērzēšanu. Rakstiet mums vēlreiz jebkurā laikā.',
    endedTranscript: 'Atšifrējums jau ceļo uz jūsu pastkastīti.',
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
    agentTyping: '{name} печатает…',
    delivered: 'Доставлено',
    seen: 'Просмотрено',
    attach: 'Прикрепить файл',
    removeFile: 'Убрать {name}',
    uploading: 'Загрузка…',
    fileTooLarge: 'Файл слишком большой. Ограничение — {size}.',
    fileType: 'Такой файл нельзя отправить. Отправьте изображение, PDF или офисный документ.',
    fileRateLimited: 'Слишком много файлов сразу. Подождите немного и попробуйте снова.',
    fileFailed: 'Не удалось загрузить файл. Попробуйте ещё раз.',
    download: 'Скачать {name}',
    endChat: 'Завершить чат',
    endQuestion: 'Завершить этот чат?',
    endTranscript: 'Прислать мне запись разговора по email',
    endTranscriptEmail: 'Адрес email',
    endConfirm: 'Завершить чат',
    cancel: 'Отмена',
    ended: 'Вы завершили чат. Пишите нам снова в любое время.',
    endedTranscript: 'Запись разговора уже отправлена на вашу почту.',
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
    agentTyping: '{name} друкує…',
    delivered: 'Доставлено',
    seen: 'Переглянуто',
    attach: 'Прикріпити файл',
    removeFile: 'Прибрати {name}',
    uploading: 'Завантаження…',
    fileTooLarge: 'Файл завеликий. Обмеження — {size}.',
    fileType: 'Такий файл не можна надіслати. Надішліть зображення, PDF або офісний документ.',
    fileRateLimited: 'Забагато файлів одразу. Зачекайте трохи й спробуйте знову.',
    fileFailed: 'Не вдалося завантажити файл. Спробуйте ще раз.',
    download: 'Завантажити {name}',
    endChat: 'Завершити чат',
    endQuestion: 'Завершити цей чат?',
    endTranscript: 'Надіслати мені запис розмови електронною поштою',
    endTranscriptEmail: 'Адреса електронної пошти',
    endConfirm: 'Завершити чат',
    cancel: 'Скасувати',
    ended: 'Ви завершили чат. Пишіть нам знову будь-коли.',
    endedTranscript: 'Запис розмови вже надіслано на вашу пошту.',
  },
};
