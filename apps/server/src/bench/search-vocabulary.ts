/**
 * Words for the search bench's generated threads, in the six languages the console speaks (Latvian with its
 * diacritics, Greek with tonos), commonest first: the generator picks early words far more often than late
 * ones, as real text does.
 */
export const SEARCH_BENCH_WORDS: readonly string[] = [
  // English
  'order', 'please', 'thanks', 'account', 'payment', 'invoice', 'delivery', 'refund', 'problem', 'password',
  'login', 'error', 'update', 'subscription', 'address', 'package', 'shipping', 'charged', 'twice', 'cancel',
  // Bulgarian
  'поръчка', 'благодаря', 'моля', 'фактура', 'плащане', 'доставка', 'принтер', 'принтерът', 'печата', 'сметка',
  'парола', 'грешка', 'възстановяване', 'адрес', 'пратка', 'абонамент', 'отказ', 'проблем', 'вчера', 'днес',
  // Greek
  'παραγγελία', 'ευχαριστώ', 'παρακαλώ', 'λογαριασμός', 'πληρωμή', 'τιμολόγιο', 'αποστολή', 'επιστροφή', 'πρόβλημα', 'κωδικός',
  'σύνδεση', 'σφάλμα', 'διεύθυνση', 'δέμα', 'συνδρομή', 'ακύρωση', 'χρέωση', 'σήμερα', 'χθες', 'καλημέρα',
  // Latvian
  'pasūtījums', 'paldies', 'lūdzu', 'rēķins', 'maksājums', 'piegāde', 'atmaksa', 'problēma', 'parole', 'kļūda',
  'adrese', 'sūtījums', 'abonements', 'atcelšana', 'konts', 'pieteikšanās', 'šodien', 'vakar', 'sveiki', 'jautājums',
  // Russian
  'заказ', 'спасибо', 'пожалуйста', 'счёт', 'оплата', 'доставка', 'принтера', 'возврат', 'проблема', 'пароль',
  'ошибка', 'адрес', 'посылка', 'подписка', 'отмена', 'аккаунт', 'сегодня', 'вчера', 'ёлка', 'здравствуйте',
  // Ukrainian
  'замовлення', 'дякую', 'будь', 'рахунок', 'оплата', 'доставка', 'повернення', 'проблема', 'пароль', 'помилка',
  'адреса', 'посилка', 'підписка', 'скасування', 'обліковий', 'запис', 'сьогодні', 'вчора', 'україна', 'київ',
];
