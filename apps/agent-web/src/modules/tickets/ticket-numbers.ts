/**
 * The ticket numbers an agent typed ("#1042, 1043 #1050"), in order, each once. Anything that is not a number
 * is ignored; the server refuses numbers that do not exist or are out of reach.
 */
export function ticketNumbers(text: string): number[] {
  const numbers = (text.match(/\d{1,12}/g) ?? []).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  return [...new Set(numbers)];
}
