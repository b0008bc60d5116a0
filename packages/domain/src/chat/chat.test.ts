import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { endChat } from './end-chat.js';
import { advanceAgentSeen, advanceVisitorReceipts } from './receipts.js';
import { chatTranscript } from './transcript.js';
import { assertVisitorUploadAllowed, isInlineImage, isVisitorUploadAllowed } from './visitor-upload.js';

describe('chat receipts', () => {
  const none = { deliveredUpToItemId: null, seenUpToItemId: null };

  it('moves delivered forward, and seen forward with delivered', () => {
    expect(advanceVisitorReceipts(none, 'delivered', 5)).toEqual({ deliveredUpToItemId: 5, seenUpToItemId: null });
    expect(advanceVisitorReceipts(none, 'seen', 5)).toEqual({ deliveredUpToItemId: 5, seenUpToItemId: 5 });
    expect(advanceVisitorReceipts({ deliveredUpToItemId: 9, seenUpToItemId: 3 }, 'seen', 7)).toEqual({ deliveredUpToItemId: 9, seenUpToItemId: 7 });
  });

  it('never moves back, and says so when nothing changes', () => {
    expect(advanceVisitorReceipts({ deliveredUpToItemId: 9, seenUpToItemId: 9 }, 'seen', 4)).toBeNull();
    expect(advanceVisitorReceipts({ deliveredUpToItemId: 9, seenUpToItemId: 2 }, 'delivered', 9)).toBeNull();
    expect(advanceVisitorReceipts({ deliveredUpToItemId: 9, seenUpToItemId: 2 }, 'delivered', 3)).toBeNull();
  });

  it('moves the agents\' marker forward only', () => {
    expect(advanceAgentSeen(null, 3)).toBe(3);
    expect(advanceAgentSeen(3, 8)).toBe(8);
    expect(advanceAgentSeen(8, 8)).toBeNull();
    expect(advanceAgentSeen(8, 2)).toBeNull();
  });
});

describe('endChat', () => {
  it('records that the visitor ended the chat and changes nothing else', () => {
    expect(endChat({ channel: 'chat', internal: false }, true)).toEqual({ patch: {}, events: [{ type: 'chat_ended', by: 'visitor', transcriptRequested: true }] });
  });

  it('refuses anything but a customer chat', () => {
    expect(() => endChat({ channel: 'email', internal: false }, false)).toThrow(DomainError);
    expect(() => endChat({ channel: 'chat', internal: true }, false)).toThrow(expect.objectContaining({ code: 'chat/not_a_chat' }));
  });
});

describe('visitor uploads', () => {
  it('allows pictures and documents whose name matches their type', () => {
    expect(isVisitorUploadAllowed('image/png', 'screen.PNG')).toBe(true);
    expect(isVisitorUploadAllowed('image/jpeg', 'photo.jpeg')).toBe(true);
    expect(isVisitorUploadAllowed('application/pdf', 'invoice.pdf')).toBe(true);
    expect(isVisitorUploadAllowed('text/plain', 'notes.txt')).toBe(true);
  });

  it('refuses other types, and names that do not match the type', () => {
    expect(isVisitorUploadAllowed('text/html', 'page.html')).toBe(false);
    expect(isVisitorUploadAllowed('application/x-msdownload', 'setup.exe')).toBe(false);
    expect(isVisitorUploadAllowed('image/svg+xml', 'logo.svg')).toBe(false);
    expect(isVisitorUploadAllowed('text/plain', 'page.html')).toBe(false);
    expect(isVisitorUploadAllowed('image/png', 'no-ending')).toBe(false);
    expect(() => assertVisitorUploadAllowed('application/zip', 'a.zip')).toThrow(expect.objectContaining({ code: 'attachment/type_not_allowed' }));
  });

  it('shows only well-known pictures inline', () => {
    expect(isInlineImage('image/webp')).toBe(true);
    expect(isInlineImage('application/pdf')).toBe(false);
    expect(isInlineImage('image/svg+xml')).toBe(false);
  });
});

describe('chatTranscript', () => {
  const at = new Date('2026-03-04T10:20:30Z');
  const messages = [
    { from: 'customer' as const, authorName: null, body: 'Hello\nthere', createdAt: at, attachmentNames: ['cart.png'] },
    { from: 'agent' as const, authorName: 'Sam', body: 'Hi!', createdAt: at, attachmentNames: [] },
    { from: 'agent' as const, authorName: null, body: 'Anything else?', createdAt: at, attachmentNames: [] },
  ];

  it('lists every message with who wrote it, when, and its files', () => {
    const { subject, text } = chatTranscript('#42', messages);
    expect(subject).toBe('Your chat transcript (#42)');
    expect(text).toContain('[03/04/2026, 10:20 AM UTC] You:\n  Hello\n  there\n  [File: cart.png]');
    expect(text).toContain('Sam:\n  Hi!');
    expect(text).toContain('Support:\n  Anything else?');
  });

  it('gives times in the visitor\'s time zone, and in UTC when it is unknown', () => {
    expect(chatTranscript('#42', messages, 'en', 'Europe/Riga').text).toContain('[03/04/2026, 12:20 PM GMT+2] You:');
    expect(chatTranscript('#42', messages, 'en', 'Not/AZone').text).toContain('[03/04/2026, 10:20 AM UTC] You:');
    expect(chatTranscript('#42', messages, 'lv', 'Europe/Riga').text).toContain('12:20');
  });

  it('speaks the visitor\'s language', () => {
    expect(chatTranscript('#42', messages, 'lv').subject).toBe('Jūsu tērzēšanas atšifrējums (#42)');
    expect(chatTranscript('#42', messages, 'uk').text).toContain('Ви:');
  });
});
