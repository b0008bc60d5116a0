import { describe, expect, it } from 'vitest';
import { chooseThread, formatMessageId, messageIdsIn, outgoingSubject, referencedMessageIds, ticketNumberInSubject } from './threading.js';

describe('email threading', () => {
  it('reads the ticket tag of our subjects, and nothing that merely looks like a number', () => {
    expect(ticketNumberInSubject('Re: Printer on fire [#1042]')).toBe(1042);
    expect(ticketNumberInSubject('AW: [#7] Rechnung')).toBe(7);
    expect(ticketNumberInSubject('Order #1042 is late')).toBeNull();
    expect(ticketNumberInSubject('[#0] nothing')).toBeNull();
    expect(ticketNumberInSubject('[#99999999999999999] too big')).toBeNull();
    expect(ticketNumberInSubject(null)).toBeNull();
  });

  it('writes one reply prefix and one tag, whatever the subject already carried, in any language', () => {
    expect(outgoingSubject('Printer on fire', 1042, true)).toBe('Re: Printer on fire [#1042]');
    expect(outgoingSubject('Re: RE: Printer on fire [#1042]', 1042, true)).toBe('Re: Printer on fire [#1042]');
    expect(outgoingSubject('Отв: Принтер горит', 5, true)).toBe('Re: Принтер горит [#5]');
    expect(outgoingSubject('ΑΠ: Εκτυπωτής', 5, true)).toBe('Re: Εκτυπωτής [#5]');
    expect(outgoingSubject('Atb: Printeris', 5, false)).toBe('Printeris [#5]');
    expect(outgoingSubject('Research results', 5, true)).toBe('Re: Research results [#5]');
  });

  it('finds Message-IDs in headers, In-Reply-To first, then References newest first, each once', () => {
    expect(messageIdsIn('<a@x> <b@x>\r\n <c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(messageIdsIn(['<a@x>', '<a@x> <b@x>'])).toEqual(['<a@x>', '<b@x>']);
    expect(messageIdsIn(undefined)).toEqual([]);
    expect(referencedMessageIds('<c@x>', '<a@x> <b@x> <c@x>')).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(formatMessageId(1042, 77, 'k3j9x0', 'help.example')).toBe('<parley.1042.77.k3j9x0@help.example>');
  });

  it('threads by our Message-ID first, by the subject only for someone on that ticket, else opens a new ticket', () => {
    const subjectTicket = { id: 7, participants: ['anna@example.com', 'cc@example.com'] };
    expect(chooseThread({ ticketByMessageId: 3, subjectTicket, sender: 'stranger@example.com' })).toEqual({ kind: 'existing', ticketId: 3, by: 'message_id' });
    expect(chooseThread({ ticketByMessageId: null, subjectTicket, sender: 'Anna@Example.com' })).toEqual({ kind: 'existing', ticketId: 7, by: 'subject' });
    expect(chooseThread({ ticketByMessageId: null, subjectTicket, sender: 'cc@example.com' })).toEqual({ kind: 'existing', ticketId: 7, by: 'subject' });
    expect(chooseThread({ ticketByMessageId: null, subjectTicket, sender: 'stranger@example.com' })).toEqual({ kind: 'new' });
    expect(chooseThread({ ticketByMessageId: null, subjectTicket: null, sender: 'anna@example.com' })).toEqual({ kind: 'new' });
  });
});
