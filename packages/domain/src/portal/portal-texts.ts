import { SURVEY_LOCALES, type SurveyLocale } from '../satisfaction/satisfaction.js';
import { escapeHtml } from '../text/escape-html.js';
import { truncateText } from '../text/text-length.js';

/**
 * The words of the customer portal (its pages and its sign-in letter), in the same six languages as the
 * satisfaction survey, whose locale helpers it shares (surveyLocaleOf, surveyLocaleFromAcceptLanguage).
 */
export type PortalLocale = SurveyLocale;
export const PORTAL_LOCALES = SURVEY_LOCALES;

/** Each language named in itself, for the language switch. */
export const PORTAL_LOCALE_NAMES: Readonly<Record<PortalLocale, string>> = {
  en: 'English',
  bg: 'Български',
  el: 'Ελληνικά',
  lv: 'Latviešu',
  ru: 'Русский',
  uk: 'Українська',
};

export interface PortalWords {
  readonly portalName: string;
  readonly language: string;
  readonly changeLanguage: string;
  readonly signInTitle: string;
  readonly signInLead: string;
  readonly emailLabel: string;
  readonly sendLink: string;
  readonly linkSent: string;
  readonly invalidEmail: string;
  readonly tooMany: string;
  readonly linkUsed: string;
  readonly linkExpired: string;
  readonly linkInvalid: string;
  readonly signInToContinue: string;
  readonly identityNotVerified: string;
  readonly signOut: string;
  readonly signedOut: string;
  readonly signedInAs: (f: { who: string }) => string;
  readonly myRequests: string;
  readonly noRequests: string;
  readonly newRequest: string;
  readonly subjectLabel: string;
  readonly messageLabel: string;
  readonly filesLabel: (f: { count: number; size: string }) => string;
  readonly send: string;
  readonly replyTitle: string;
  readonly sendReply: string;
  readonly reopenHint: string;
  readonly status: Readonly<Record<'open' | 'answered' | 'resolved', string>>;
  readonly requestHeading: (f: { number: string; subject: string }) => string;
  readonly createdOn: (f: { date: string }) => string;
  readonly updatedOn: (f: { date: string }) => string;
  readonly you: string;
  readonly support: string;
  readonly attachments: string;
  readonly allRequests: string;
  readonly replySent: string;
  readonly requestCreated: string;
  readonly notFound: string;
  readonly formExpired: string;
  readonly tooLarge: (f: { size: string }) => string;
  readonly tooManyFiles: (f: { count: number }) => string;
  readonly emptyMessage: string;
  readonly emptySubject: string;
  readonly failed: string;
  readonly rateTitle: string;
  readonly letterSubject: string;
  readonly letterLead: string;
  readonly letterIgnore: string;
  readonly ticketLinkLead: string;
}

const WORDS: Readonly<Record<PortalLocale, PortalWords>> = {
  en: {
    portalName: 'Customer portal',
    language: 'Language',
    changeLanguage: 'Change',
    signInTitle: 'Sign in',
    signInLead: 'Enter your email address and we will send you a link to sign in. There is no password to remember.',
    emailLabel: 'Email address',
    sendLink: 'Send me a sign-in link',
    linkSent: 'If we know this address, a sign-in link is on its way to it. The link works once, within 15 minutes.',
    invalidEmail: 'Please enter a valid email address.',
    tooMany: 'Too many attempts. Please try again later.',
    linkUsed: 'This sign-in link has already been used. Ask for a new one below.',
    linkExpired: 'This sign-in link has expired. Ask for a new one below.',
    linkInvalid: 'This sign-in link is not valid. Ask for a new one below.',
    signInToContinue: 'Please sign in to see this request.',
    identityNotVerified: 'Your chat could not sign you in here. Ask for a sign-in link below.',
    signOut: 'Sign out',
    signedOut: 'You have signed out.',
    signedInAs: (f) => `Signed in as ${f.who}`,
    myRequests: 'Your requests',
    noRequests: 'You have no requests yet.',
    newRequest: 'New request',
    subjectLabel: 'Subject',
    messageLabel: 'Message',
    filesLabel: (f) => `Attach files (optional, up to ${f.count}, each at most ${f.size})`,
    send: 'Send request',
    replyTitle: 'Your reply',
    sendReply: 'Send reply',
    reopenHint: 'This request is resolved. Replying opens it again.',
    status: { open: 'Open', answered: 'Answered', resolved: 'Resolved' },
    requestHeading: (f) => `#${f.number} ${f.subject}`,
    createdOn: (f) => `Created ${f.date}`,
    updatedOn: (f) => `Updated ${f.date}`,
    you: 'You',
    support: 'Support',
    attachments: 'Attachments',
    allRequests: 'All requests',
    replySent: 'Your reply has been sent.',
    requestCreated: 'Your request has been sent. We will answer soon.',
    notFound: 'This request was not found.',
    formExpired: 'This form has expired. Please try again.',
    tooLarge: (f) => `A file is too large. Each file may be at most ${f.size}.`,
    tooManyFiles: (f) => `Please attach at most ${f.count} files.`,
    emptyMessage: 'Please write a message.',
    emptySubject: 'Please write a subject.',
    failed: 'Something went wrong. Please try again later.',
    rateTitle: 'Rate our help',
    letterSubject: 'Your sign-in link',
    letterLead: 'Someone, hopefully you, asked to sign in to see your requests. Open this link within 15 minutes; it works once:',
    letterIgnore: 'If it was not you, ignore this letter: nothing changes.',
    ticketLinkLead: 'See this request and answer it online:',
  },
  bg: {
    portalName: 'Портал за клиенти',
    language: 'Език',
    changeLanguage: 'Смени',
    signInTitle: 'Вход',
    signInLead: 'Въведете имейл адреса си и ще ви изпратим връзка за вход. Няма парола, която да помните.',
    emailLabel: 'Имейл адрес',
    sendLink: 'Изпратете ми връзка за вход',
    linkSent: 'Ако познаваме този адрес, към него вече пътува връзка за вход. Връзката работи еднократно, в рамките на 15 минути.',
    invalidEmail: 'Моля, въведете валиден имейл адрес.',
    tooMany: 'Твърде много опити. Моля, опитайте отново по-късно.',
    linkUsed: 'Тази връзка за вход вече е използвана. Поискайте нова по-долу.',
    linkExpired: 'Срокът на тази връзка за вход е изтекъл. Поискайте нова по-долу.',
    linkInvalid: 'Тази връзка за вход не е валидна. Поискайте нова по-долу.',
    signInToContinue: 'Моля, влезте, за да видите тази заявка.',
    identityNotVerified: 'Чатът ви не можа да ви впише тук. Поискайте връзка за вход по-долу.',
    signOut: 'Изход',
    signedOut: 'Излязохте.',
    signedInAs: (f) => `Влезли сте като ${f.who}`,
    myRequests: 'Вашите заявки',
    noRequests: 'Все още нямате заявки.',
    newRequest: 'Нова заявка',
    subjectLabel: 'Тема',
    messageLabel: 'Съобщение',
    filesLabel: (f) => `Прикачете файлове (по желание, до ${f.count}, всеки до ${f.size})`,
    send: 'Изпрати заявката',
    replyTitle: 'Вашият отговор',
    sendReply: 'Изпрати отговора',
    reopenHint: 'Тази заявка е решена. Ако отговорите, тя ще бъде отворена отново.',
    status: { open: 'Отворена', answered: 'С отговор', resolved: 'Решена' },
    requestHeading: (f) => `№${f.number} ${f.subject}`,
    createdOn: (f) => `Създадена на ${f.date}`,
    updatedOn: (f) => `Обновена на ${f.date}`,
    you: 'Вие',
    support: 'Поддръжка',
    attachments: 'Прикачени файлове',
    allRequests: 'Всички заявки',
    replySent: 'Отговорът ви е изпратен.',
    requestCreated: 'Заявката ви е изпратена. Скоро ще отговорим.',
    notFound: 'Тази заявка не е намерена.',
    formExpired: 'Формулярът е изтекъл. Моля, опитайте отново.',
    tooLarge: (f) => `Файлът е твърде голям. Всеки файл може да бъде най-много ${f.size}.`,
    tooManyFiles: (f) => `Моля, прикачете най-много ${f.count} файла.`,
    emptyMessage: 'Моля, напишете съобщение.',
    emptySubject: 'Моля, напишете тема.',
    failed: 'Нещо се обърка. Моля, опитайте отново по-късно.',
    rateTitle: 'Оценете нашата помощ',
    letterSubject: 'Вашата връзка за вход',
    letterLead: 'Някой, надяваме се вие, поиска да влезе, за да види заявките ви. Отворете тази връзка до 15 минути; тя работи еднократно:',
    letterIgnore: 'Ако не сте били вие, не обръщайте внимание на това писмо: нищо няма да се промени.',
    ticketLinkLead: 'Вижте тази заявка и отговорете онлайн:',
  },
  el: {
    portalName: 'Πύλη πελατών',
    language: 'Γλώσσα',
    changeLanguage: 'Αλλαγή',
    signInTitle: 'Σύνδεση',
    signInLead: 'Πληκτρολογήστε τη διεύθυνση email σας και θα σας στείλουμε έναν σύνδεσμο σύνδεσης. Δεν χρειάζεται να θυμάστε κωδικό.',
    emailLabel: 'Διεύθυνση email',
    sendLink: 'Στείλτε μου σύνδεσμο σύνδεσης',
    linkSent: 'Αν γνωρίζουμε αυτή τη διεύθυνση, ένας σύνδεσμος σύνδεσης είναι καθ’ οδόν. Ο σύνδεσμος λειτουργεί μία φορά, μέσα σε 15 λεπτά.',
    invalidEmail: 'Πληκτρολογήστε μια έγκυρη διεύθυνση email.',
    tooMany: 'Πάρα πολλές προσπάθειες. Δοκιμάστε ξανά αργότερα.',
    linkUsed: 'Αυτός ο σύνδεσμος σύνδεσης έχει ήδη χρησιμοποιηθεί. Ζητήστε νέο παρακάτω.',
    linkExpired: 'Αυτός ο σύνδεσμος σύνδεσης έχει λήξει. Ζητήστε νέο παρακάτω.',
    linkInvalid: 'Αυτός ο σύνδεσμος σύνδεσης δεν είναι έγκυρος. Ζητήστε νέο παρακάτω.',
    signInToContinue: 'Συνδεθείτε για να δείτε αυτό το αίτημα.',
    identityNotVerified: 'Η συνομιλία σας δεν μπόρεσε να σας συνδέσει εδώ. Ζητήστε σύνδεσμο σύνδεσης παρακάτω.',
    signOut: 'Αποσύνδεση',
    signedOut: 'Αποσυνδεθήκατε.',
    signedInAs: (f) => `Έχετε συνδεθεί ως ${f.who}`,
    myRequests: 'Τα αιτήματά σας',
    noRequests: 'Δεν έχετε ακόμη αιτήματα.',
    newRequest: 'Νέο αίτημα',
    subjectLabel: 'Θέμα',
    messageLabel: 'Μήνυμα',
    filesLabel: (f) => `Επισύναψη αρχείων (προαιρετικά, έως ${f.count}, το καθένα έως ${f.size})`,
    send: 'Αποστολή αιτήματος',
    replyTitle: 'Η απάντησή σας',
    sendReply: 'Αποστολή απάντησης',
    reopenHint: 'Αυτό το αίτημα έχει επιλυθεί. Αν απαντήσετε, θα ανοίξει ξανά.',
    status: { open: 'Ανοιχτό', answered: 'Απαντήθηκε', resolved: 'Επιλύθηκε' },
    requestHeading: (f) => `#${f.number} ${f.subject}`,
    createdOn: (f) => `Δημιουργήθηκε ${f.date}`,
    updatedOn: (f) => `Ενημερώθηκε ${f.date}`,
    you: 'Εσείς',
    support: 'Υποστήριξη',
    attachments: 'Συνημμένα',
    allRequests: 'Όλα τα αιτήματα',
    replySent: 'Η απάντησή σας στάλθηκε.',
    requestCreated: 'Το αίτημά σας στάλθηκε. Θα απαντήσουμε σύντομα.',
    notFound: 'Αυτό το αίτημα δεν βρέθηκε.',
    formExpired: 'Η φόρμα έχει λήξει. Δοκιμάστε ξανά.',
    tooLarge: (f) => `Ένα αρχείο είναι πολύ μεγάλο. Κάθε αρχείο μπορεί να είναι έως ${f.size}.`,
    tooManyFiles: (f) => `Επισυνάψτε έως ${f.count} αρχεία.`,
    emptyMessage: 'Γράψτε ένα μήνυμα.',
    emptySubject: 'Γράψτε ένα θέμα.',
    failed: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά αργότερα.',
    rateTitle: 'Αξιολογήστε τη βοήθειά μας',
    letterSubject: 'Ο σύνδεσμος σύνδεσής σας',
    letterLead: 'Κάποιος, ελπίζουμε εσείς, ζήτησε να συνδεθεί για να δει τα αιτήματά σας. Ανοίξτε αυτόν τον σύνδεσμο μέσα σε 15 λεπτά· λειτουργεί μία φορά:',
    letterIgnore: 'Αν δεν ήσασταν εσείς, αγνοήστε αυτό το μήνυμα: τίποτα δεν αλλάζει.',
    ticketLinkLead: 'Δείτε αυτό το αίτημα και απαντήστε online:',
  },
  lv: {
    portalName: 'Klientu portāls',
    language: 'Valoda',
    changeLanguage: 'Mainīt',
    signInTitle: 'Pierakstīties',
    signInLead: 'Ievadiet savu e-pasta adresi, un mēs jums nosūtīsim pierakstīšanās saiti. Nav jāatceras parole.',
    emailLabel: 'E-pasta adrese',
    sendLink: 'Sūtīt man pierakstīšanās saiti',
    linkSent: 'Ja mums ir zināma šī adrese, uz to jau ceļo pierakstīšanās saite. Saite darbojas vienu reizi, 15 minūšu laikā.',
    invalidEmail: 'Lūdzu, ievadiet derīgu e-pasta adresi.',
    tooMany: 'Pārāk daudz mēģinājumu. Lūdzu, mēģiniet vēlreiz vēlāk.',
    linkUsed: 'Šī pierakstīšanās saite jau ir izmantota. Pieprasiet jaunu zemāk.',
    linkExpired: 'Šīs pierakstīšanās saites derīguma termiņš ir beidzies. Pieprasiet jaunu zemāk.',
    linkInvalid: 'Šī pierakstīšanās saite nav derīga. Pieprasiet jaunu zemāk.',
    signInToContinue: 'Lūdzu, pierakstieties, lai redzētu šo pieprasījumu.',
    identityNotVerified: 'Jūsu tērzēšana nevarēja jūs šeit pierakstīt. Pieprasiet pierakstīšanās saiti zemāk.',
    signOut: 'Izrakstīties',
    signedOut: 'Jūs esat izrakstījies.',
    signedInAs: (f) => `Pierakstījies kā ${f.who}`,
    myRequests: 'Jūsu pieprasījumi',
    noRequests: 'Jums vēl nav pieprasījumu.',
    newRequest: 'Jauns pieprasījums',
    subjectLabel: 'Temats',
    messageLabel: 'Ziņojums',
    filesLabel: (f) => `Pievienot failus (nav obligāti, līdz ${f.count}, katrs ne lielāks par ${f.size})`,
    send: 'Nosūtīt pieprasījumu',
    replyTitle: 'Jūsu atbilde',
    sendReply: 'Nosūtīt atbildi',
    reopenHint: 'Šis pieprasījums ir atrisināts. Ja atbildēsiet, tas tiks atvērts no jauna.',
    status: { open: 'Atvērts', answered: 'Atbildēts', resolved: 'Atrisināts' },
    requestHeading: (f) => `#${f.number} ${f.subject}`,
    createdOn: (f) => `Izveidots ${f.date}`,
    updatedOn: (f) => `Atjaunināts ${f.date}`,
    you: 'Jūs',
    support: 'Atbalsts',
    attachments: 'Pielikumi',
    allRequests: 'Visi pieprasījumi',
    replySent: 'Jūsu atbilde ir nosūtīta.',
    requestCreated: 'Jūsu pieprasījums ir nosūtīts. Drīz atbildēsim.',
    notFound: 'Šis pieprasījums netika atrasts.',
    formExpired: 'Veidlapas derīgums ir beidzies. Lūdzu, mēģiniet vēlreiz.',
    tooLarge: (f) => `Fails ir pārāk liels. Katrs fails drīkst būt ne lielāks par ${f.size}.`,
    tooManyFiles: (f) => `Lūdzu, pievienojiet ne vairāk kā ${f.count} failus.`,
    emptyMessage: 'Lūdzu, uzrakstiet ziņojumu.',
    emptySubject: 'Lūdzu, uzrakstiet tematu.',
    failed: 'Kaut kas nogāja greizi. Lūdzu, mēģiniet vēlreiz vēlāk.',
    rateTitle: 'Novērtējiet mūsu palīdzību',
    letterSubject: 'Jūsu pierakstīšanās saite',
    letterLead: 'Kāds, cerams, jūs, lūdza pierakstīties, lai redzētu jūsu pieprasījumus. Atveriet šo saiti 15 minūšu laikā; tā darbojas vienu reizi:',
    letterIgnore: 'Ja tas nebijāt jūs, neņemiet šo vēstuli vērā: nekas nemainās.',
    ticketLinkLead: 'Skatiet šo pieprasījumu un atbildiet tiešsaistē:',
  },
  ru: {
    portalName: 'Портал для клиентов',
    language: 'Язык',
    changeLanguage: 'Сменить',
    signInTitle: 'Вход',
    signInLead: 'Введите свой адрес электронной почты, и мы пришлём ссылку для входа. Пароль запоминать не нужно.',
    emailLabel: 'Адрес электронной почты',
    sendLink: 'Прислать ссылку для входа',
    linkSent: 'Если этот адрес нам знаком, ссылка для входа уже отправлена на него. Ссылка действует один раз, в течение 15 минут.',
    invalidEmail: 'Пожалуйста, введите правильный адрес электронной почты.',
    tooMany: 'Слишком много попыток. Пожалуйста, попробуйте позже.',
    linkUsed: 'Эта ссылка для входа уже использована. Запросите новую ниже.',
    linkExpired: 'Срок действия этой ссылки для входа истёк. Запросите новую ниже.',
    linkInvalid: 'Эта ссылка для входа недействительна. Запросите новую ниже.',
    signInToContinue: 'Пожалуйста, войдите, чтобы увидеть это обращение.',
    identityNotVerified: 'Ваш чат не смог выполнить вход здесь. Запросите ссылку для входа ниже.',
    signOut: 'Выйти',
    signedOut: 'Вы вышли.',
    signedInAs: (f) => `Вы вошли как ${f.who}`,
    myRequests: 'Ваши обращения',
    noRequests: 'У вас пока нет обращений.',
    newRequest: 'Новое обращение',
    subjectLabel: 'Тема',
    messageLabel: 'Сообщение',
    filesLabel: (f) => `Прикрепить файлы (необязательно, до ${f.count}, каждый не больше ${f.size})`,
    send: 'Отправить обращение',
    replyTitle: 'Ваш ответ',
    sendReply: 'Отправить ответ',
    reopenHint: 'Это обращение решено. Если вы ответите, оно откроется снова.',
    status: { open: 'Открыто', answered: 'Есть ответ', resolved: 'Решено' },
    requestHeading: (f) => `№${f.number} ${f.subject}`,
    createdOn: (f) => `Создано ${f.date}`,
    updatedOn: (f) => `Обновлено ${f.date}`,
    you: 'Вы',
    support: 'Поддержка',
    attachments: 'Вложения',
    allRequests: 'Все обращения',
    replySent: 'Ваш ответ отправлен.',
    requestCreated: 'Ваше обращение отправлено. Мы скоро ответим.',
    notFound: 'Это обращение не найдено.',
    formExpired: 'Срок действия формы истёк. Пожалуйста, попробуйте ещё раз.',
    tooLarge: (f) => `Файл слишком большой. Каждый файл может быть не больше ${f.size}.`,
    tooManyFiles: (f) => `Пожалуйста, прикрепите не больше ${f.count} файлов.`,
    emptyMessage: 'Пожалуйста, напишите сообщение.',
    emptySubject: 'Пожалуйста, укажите тему.',
    failed: 'Что-то пошло не так. Пожалуйста, попробуйте позже.',
    rateTitle: 'Оцените нашу помощь',
    letterSubject: 'Ваша ссылка для входа',
    letterLead: 'Кто-то, надеемся, вы, запросил вход, чтобы увидеть ваши обращения. Откройте эту ссылку в течение 15 минут; она действует один раз:',
    letterIgnore: 'Если это были не вы, просто не обращайте внимания на это письмо: ничего не изменится.',
    ticketLinkLead: 'Посмотреть это обращение и ответить онлайн:',
  },
  uk: {
    portalName: 'Портал для клієнтів',
    language: 'Мова',
    changeLanguage: 'Змінити',
    signInTitle: 'Вхід',
    signInLead: 'Введіть свою адресу електронної пошти, і ми надішлемо посилання для входу. Пароль запам’ятовувати не потрібно.',
    emailLabel: 'Адреса електронної пошти',
    sendLink: 'Надіслати посилання для входу',
    linkSent: 'Якщо ця адреса нам відома, посилання для входу вже надіслано на неї. Посилання діє один раз, протягом 15 хвилин.',
    invalidEmail: 'Будь ласка, введіть правильну адресу електронної пошти.',
    tooMany: 'Забагато спроб. Будь ласка, спробуйте пізніше.',
    linkUsed: 'Це посилання для входу вже використано. Попросіть нове нижче.',
    linkExpired: 'Термін дії цього посилання для входу минув. Попросіть нове нижче.',
    linkInvalid: 'Це посилання для входу недійсне. Попросіть нове нижче.',
    signInToContinue: 'Будь ласка, увійдіть, щоб побачити це звернення.',
    identityNotVerified: 'Ваш чат не зміг виконати вхід тут. Попросіть посилання для входу нижче.',
    signOut: 'Вийти',
    signedOut: 'Ви вийшли.',
    signedInAs: (f) => `Ви увійшли як ${f.who}`,
    myRequests: 'Ваші звернення',
    noRequests: 'У вас ще немає звернень.',
    newRequest: 'Нове звернення',
    subjectLabel: 'Тема',
    messageLabel: 'Повідомлення',
    filesLabel: (f) => `Додати файли (необов’язково, до ${f.count}, кожен не більше ${f.size})`,
    send: 'Надіслати звернення',
    replyTitle: 'Ваша відповідь',
    sendReply: 'Надіслати відповідь',
    reopenHint: 'Це звернення вирішено. Якщо ви відповісте, його буде відкрито знову.',
    status: { open: 'Відкрите', answered: 'Є відповідь', resolved: 'Вирішене' },
    requestHeading: (f) => `№${f.number} ${f.subject}`,
    createdOn: (f) => `Створено ${f.date}`,
    updatedOn: (f) => `Оновлено ${f.date}`,
    you: 'Ви',
    support: 'Підтримка',
    attachments: 'Вкладення',
    allRequests: 'Усі звернення',
    replySent: 'Вашу відповідь надіслано.',
    requestCreated: 'Ваше звернення надіслано. Ми скоро відповімо.',
    notFound: 'Це звернення не знайдено.',
    formExpired: 'Термін дії форми минув. Будь ласка, спробуйте ще раз.',
    tooLarge: (f) => `Файл завеликий. Кожен файл може бути не більше ${f.size}.`,
    tooManyFiles: (f) => `Будь ласка, додайте не більше ${f.count} файлів.`,
    emptyMessage: 'Будь ласка, напишіть повідомлення.',
    emptySubject: 'Будь ласка, вкажіть тему.',
    failed: 'Щось пішло не так. Будь ласка, спробуйте пізніше.',
    rateTitle: 'Оцініть нашу допомогу',
    letterSubject: 'Ваше посилання для входу',
    letterLead: 'Хтось, сподіваємося, ви, попросив увійти, щоб побачити ваші звернення. Відкрийте це посилання протягом 15 хвилин; воно діє один раз:',
    letterIgnore: 'Якщо це були не ви, просто не зважайте на цей лист: нічого не зміниться.',
    ticketLinkLead: 'Переглянути це звернення та відповісти онлайн:',
  },
};

export function portalWords(locale: PortalLocale): PortalWords {
  return WORDS[(PORTAL_LOCALES as readonly string[]).includes(locale) ? locale : 'en'];
}

/** The sign-in letter: one link, what it does, and that ignoring it is safe. Nothing of the request is read as markup. */
export function portalSignInLetter(locale: PortalLocale, facts: { url: string; portalName?: string }): { subject: string; text: string; html: string } {
  const words = portalWords(locale);
  const subject = truncateText(`${words.letterSubject} · ${facts.portalName ?? words.portalName}`, 300);
  return {
    subject,
    text: [words.letterLead, '', facts.url, '', '-- ', words.letterIgnore, ''].join('\n'),
    html: [
      `<!doctype html><html lang="${locale}"><body>`,
      `<p>${escapeHtml(words.letterLead)}</p>`,
      `<p><a href="${escapeHtml(facts.url)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#0b57d0;color:#ffffff;text-decoration:none">${escapeHtml(words.signInTitle)}</a></p>`,
      `<p style="word-break:break-all;font-size:small">${escapeHtml(facts.url)}</p>`,
      `<p style="color:#555555;font-size:small">${escapeHtml(words.letterIgnore)}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}

/** The line a customer-facing letter of a ticket ends with: where to read and answer it in the portal. */
export function portalTicketLinkLines(locale: PortalLocale, url: string): string {
  return ['', '-- ', portalWords(locale).ticketLinkLead, url].join('\n');
}
