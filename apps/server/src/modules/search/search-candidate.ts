/** Where a ticket matched: its subject, one of its thread items, its ticket note, or its contact's card. */
export type CandidateSource = 'subject' | 'item' | 'note' | 'contact';

/** One matching row and the ticket it speaks for. */
export interface SearchCandidate {
  readonly ticketId: number;
  readonly source: CandidateSource;
  /** The matching row: the ticket, thread item, note or contact. */
  readonly docId: number;
  /** The domain's searchScore of the matching row's text: higher is better, the same on both databases. */
  readonly score: number;
}
