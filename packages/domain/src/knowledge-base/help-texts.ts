import type { KbLanguage } from './knowledge-base.js';

/**
 * The words of the public help pages (`/help`), which the server renders as plain HTML in the visitor's
 * language, as the rating page's words live in survey-texts.ts. Counts are placed in sentences that read
 * right for any number (no plural forms to get wrong).
 */
export interface HelpWords {
  readonly helpCenter: string;
  readonly searchLabel: string;
  readonly searchButton: string;
  readonly resultsFor: (f: { query: string }) => string;
  readonly resultCount: (f: { count: string }) => string;
  readonly noResults: string;
  readonly categories: string;
  readonly otherArticles: string;
  readonly noArticles: string;
  readonly languages: string;
  readonly alsoIn: string;
  readonly updated: (f: { date: string }) => string;
  readonly helpfulQuestion: string;
  readonly yes: string;
  readonly no: string;
  readonly thanks: string;
  readonly chooseOne: string;
  readonly rateLimited: string;
  readonly notFoundTitle: string;
  readonly notFound: string;
  readonly allArticles: string;
  readonly tags: string;
}

/** Each language's name in itself, for the language switch. */
export const KB_LANGUAGE_NAMES: Readonly<Record<KbLanguage, string>> = {
  bg: 'Български',
  el: 'Ελληνικά',
  en: 'English',
  lv: 'Latviešu',
  ru: 'Русский',
  uk: 'Українська',
};

const WORDS: Readonly<Record<KbLanguage, HelpWords>> = {
  en: {
    helpCenter: 'Help center',
    searchLabel: 'Search the help center',
    searchButton: 'Search',
    resultsFor: (f) => `Search results for “${f.query}”`,
    resultCount: (f) => `Articles found: ${f.count}`,
    noResults: 'No articles match your search. Try other words.',
    categories: 'Categories',
    otherArticles: 'Other articles',
    noArticles: 'There are no articles in this language yet.',
    languages: 'Languages',
    alsoIn: 'This article in other languages',
    updated: (f) => `Updated ${f.date}`,
    helpfulQuestion: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you for your feedback.',
    chooseOne: 'Please choose yes or no.',
    rateLimited: 'Too many answers came from your address. Please try again later.',
    notFoundTitle: 'Page not found',
    notFound: 'There is no such article here. It may have been moved or removed.',
    allArticles: 'All articles',
    tags: 'Tags',
  },
  bg: {
    helpCenter: 'Помощен център',
    searchLabel: 'Търсене в помощния център',
    searchButton: 'Търсене',
    resultsFor: (f) => `Резултати от търсенето за „${f.query}“`,
    resultCount: (f) => `Намерени статии: ${f.count}`,
    noResults: 'Няма статии, които да отговарят на търсенето. Опитайте с други думи.',
    categories: 'Категории',
    otherArticles: 'Други статии',
    noArticles: 'Все още няма статии на този език.',
    languages: 'Езици',
    alsoIn: 'Тази статия на други езици',
    updated: (f) => `Обновена на ${f.date}`,
    helpfulQuestion: 'Беше ли полезна тази статия?',
    yes: 'Да',
    no: 'Не',
    thanks: 'Благодарим ви за отзива.',
    chooseOne: 'Моля, изберете „да“ или „не“.',
    rateLimited: 'От вашия адрес дойдоха твърде много отговори. Моля, опитайте отново по-късно.',
    notFoundTitle: 'Страницата не е намерена',
    notFound: 'Тук няма такава статия. Възможно е да е преместена или премахната.',
    allArticles: 'Всички статии',
    tags: 'Етикети',
  },
  el: {
    helpCenter: 'Κέντρο βοήθειας',
    searchLabel: 'Αναζήτηση στο κέντρο βοήθειας',
    searchButton: 'Αναζήτηση',
    resultsFor: (f) => `Αποτελέσματα αναζήτησης για «${f.query}»`,
    resultCount: (f) => `Άρθρα που βρέθηκαν: ${f.count}`,
    noResults: 'Κανένα άρθρο δεν ταιριάζει με την αναζήτησή σας. Δοκιμάστε άλλες λέξεις.',
    categories: 'Κατηγορίες',
    otherArticles: 'Άλλα άρθρα',
    noArticles: 'Δεν υπάρχουν ακόμη άρθρα σε αυτή τη γλώσσα.',
    languages: 'Γλώσσες',
    alsoIn: 'Αυτό το άρθρο σε άλλες γλώσσες',
    updated: (f) => `Ενημερώθηκε ${f.date}`,
    helpfulQuestion: 'Σας βοήθησε αυτό το άρθρο;',
    yes: 'Ναι',
    no: 'Όχι',
    thanks: 'Σας ευχαριστούμε για τα σχόλιά σας.',
    chooseOne: 'Επιλέξτε «ναι» ή «όχι».',
    rateLimited: 'Ήρθαν πάρα πολλές απαντήσεις από τη διεύθυνσή σας. Δοκιμάστε ξανά αργότερα.',
    notFoundTitle: 'Η σελίδα δεν βρέθηκε',
    notFound: 'Δεν υπάρχει τέτοιο άρθρο εδώ. Μπορεί να μετακινήθηκε ή να αφαιρέθηκε.',
    allArticles: 'Όλα τα άρθρα',
    tags: 'Ετικέτες',
  },
  lv: {
    helpCenter: 'Palīdzības centrs',
    searchLabel: 'Meklēt palīdzības centrā',
    searchButton: 'Meklēt',
    resultsFor: (f) => `Meklēšanas rezultāti vaicājumam “${f.query}”`,
    resultCount: (f) => `Atrasti raksti: ${f.count}`,
    noResults: 'Neviens raksts neatbilst meklētajam. Izmēģiniet citus vārdus.',
    categories: 'Kategorijas',
    otherArticles: 'Citi raksti',
    noArticles: 'Šajā valodā vēl nav rakstu.',
    languages: 'Valodas',
    alsoIn: 'Šis raksts citās valodās',
    updated: (f) => `Atjaunināts ${f.date}`,
    helpfulQuestion: 'Vai šis raksts bija noderīgs?',
    yes: 'Jā',
    no: 'Nē',
    thanks: 'Paldies par jūsu atsauksmi.',
    chooseOne: 'Lūdzu, izvēlieties “jā” vai “nē”.',
    rateLimited: 'No jūsu adreses saņemts pārāk daudz atbilžu. Lūdzu, mēģiniet vēlreiz vēlāk.',
    notFoundTitle: 'Lapa nav atrasta',
    notFound: 'Šeit nav šāda raksta. Iespējams, tas ir pārvietots vai noņemts.',
    allArticles: 'Visi raksti',
    tags: 'Birkas',
  },
  ru: {
    helpCenter: 'Центр помощи',
    searchLabel: 'Поиск в центре помощи',
    searchButton: 'Найти',
    resultsFor: (f) => `Результаты поиска по запросу «${f.query}»`,
    resultCount: (f) => `Найдено статей: ${f.count}`,
    noResults: 'Нет статей, подходящих под запрос. Попробуйте другие слова.',
    categories: 'Категории',
    otherArticles: 'Другие статьи',
    noArticles: 'На этом языке статей пока нет.',
    languages: 'Языки',
    alsoIn: 'Эта статья на других языках',
    updated: (f) => `Обновлено ${f.date}`,
    helpfulQuestion: 'Была ли эта статья полезной?',
    yes: 'Да',
    no: 'Нет',
    thanks: 'Спасибо за ваш отзыв.',
    chooseOne: 'Пожалуйста, выберите «да» или «нет».',
    rateLimited: 'С вашего адреса пришло слишком много ответов. Попробуйте ещё раз позже.',
    notFoundTitle: 'Страница не найдена',
    notFound: 'Такой статьи здесь нет. Возможно, она перемещена или удалена.',
    allArticles: 'Все статьи',
    tags: 'Метки',
  },
  uk: {
    helpCenter: 'Центр допомоги',
    searchLabel: 'Пошук у центрі допомоги',
    searchButton: 'Знайти',
    resultsFor: (f) => `Результати пошуку за запитом «${f.query}»`,
    resultCount: (f) => `Знайдено статей: ${f.count}`,
    noResults: 'Немає статей, що відповідають запиту. Спробуйте інші слова.',
    categories: 'Категорії',
    otherArticles: 'Інші статті',
    noArticles: 'Цією мовою статей поки немає.',
    languages: 'Мови',
    alsoIn: 'Ця стаття іншими мовами',
    updated: (f) => `Оновлено ${f.date}`,
    helpfulQuestion: 'Чи була ця стаття корисною?',
    yes: 'Так',
    no: 'Ні',
    thanks: 'Дякуємо за ваш відгук.',
    chooseOne: 'Будь ласка, виберіть «так» або «ні».',
    rateLimited: 'З вашої адреси надійшло забагато відповідей. Спробуйте ще раз пізніше.',
    notFoundTitle: 'Сторінку не знайдено',
    notFound: 'Такої статті тут немає. Можливо, її переміщено або вилучено.',
    allArticles: 'Усі статті',
    tags: 'Мітки',
  },
};

export function helpWords(language: KbLanguage): HelpWords {
  return WORDS[language] ?? WORDS.en;
}
