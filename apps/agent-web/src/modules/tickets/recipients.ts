/** A deliberately simple address check; the server validates every address again. */
const ADDRESS = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

/** "a@x.io, b@y.io; c@z.io" → the addresses, lower-cased and once each, and the pieces that are not addresses. */
export function parseRecipients(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const piece of text.split(/[,;\s]+/)) {
    const address = piece.trim().toLowerCase();
    if (!address) continue;
    if (!ADDRESS.test(address)) invalid.push(piece.trim());
    else if (!valid.includes(address)) valid.push(address);
  }
  return { valid, invalid };
}
