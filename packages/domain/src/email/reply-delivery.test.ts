import { describe, expect, it } from 'vitest';
import { type ReplyEmailFacts, replyEmailDecision, replyReferences, replySenderName } from './reply-delivery.js';

const emailReply: ReplyEmailFacts = {
  itemKind: 'agent_reply',
  ticket: { internal: false, channel: 'email' },
  contactAddress: 'customer@example.com',
  visitorConnected: false,
  automatic: false,
  newestLetterAutomated: null,
};

describe('replyEmailDecision', () => {
  it('emails an agent reply on an email ticket', () => {
    expect(replyEmailDecision(emailReply)).toEqual({ send: true });
  });

  it('emails a reply on a web form ticket', () => {
    expect(replyEmailDecision({ ...emailReply, ticket: { internal: false, channel: 'web_form' } })).toEqual({ send: true });
  });

  it('never emails an internal note or a system event', () => {
    expect(replyEmailDecision({ ...emailReply, itemKind: 'internal_note' })).toEqual({ send: false, reason: 'not_a_public_reply' });
    expect(replyEmailDecision({ ...emailReply, itemKind: 'system_event' })).toEqual({ send: false, reason: 'not_a_public_reply' });
    expect(replyEmailDecision({ ...emailReply, itemKind: 'customer_message' })).toEqual({ send: false, reason: 'not_a_public_reply' });
  });

  it('never emails anything of an internal ticket', () => {
    expect(replyEmailDecision({ ...emailReply, ticket: { internal: true, channel: 'internal' } })).toEqual({ send: false, reason: 'internal_ticket' });
    expect(replyEmailDecision({ ...emailReply, ticket: { internal: true, channel: 'email' } })).toEqual({ send: false, reason: 'internal_ticket' });
  });

  it('never emails a contact without an address', () => {
    expect(replyEmailDecision({ ...emailReply, contactAddress: null })).toEqual({ send: false, reason: 'no_address' });
    expect(replyEmailDecision({ ...emailReply, contactAddress: '' })).toEqual({ send: false, reason: 'no_address' });
  });

  it('does not email a chat reply the visitor reads live', () => {
    const chat = { ...emailReply, ticket: { internal: false, channel: 'chat' as const } };
    expect(replyEmailDecision({ ...chat, visitorConnected: true })).toEqual({ send: false, reason: 'visitor_sees_it_live' });
  });

  it('emails a chat reply once the visitor is gone (chat ended or no widget connected), when they left an address', () => {
    const chat = { ...emailReply, ticket: { internal: false, channel: 'chat' as const } };
    expect(replyEmailDecision(chat)).toEqual({ send: true });
    expect(replyEmailDecision({ ...chat, contactAddress: null })).toEqual({ send: false, reason: 'no_address' });
  });

  it('sends nothing automatic in answer to automated mail, but an agent may answer it', () => {
    for (const kind of ['bounce', 'auto_reply', 'mailing_list'] as const) {
      expect(replyEmailDecision({ ...emailReply, automatic: true, newestLetterAutomated: kind })).toEqual({ send: false, reason: 'answers_automated_mail' });
      expect(replyEmailDecision({ ...emailReply, automatic: false, newestLetterAutomated: kind })).toEqual({ send: true });
    }
    expect(replyEmailDecision({ ...emailReply, automatic: true })).toEqual({ send: true });
  });

  it('does not email on a channel that has no email side (API tickets)', () => {
    expect(replyEmailDecision({ ...emailReply, ticket: { internal: false, channel: 'api' } })).toEqual({ send: false, reason: 'channel_without_email' });
  });
});

describe('replyReferences', () => {
  it('is the answered letter’s References plus its Message-ID', () => {
    expect(replyReferences({ messageId: '<c@x>', references: ['<a@x>', '<b@x>'] })).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });

  it('keeps only the last 20, the answered letter last', () => {
    const references = Array.from({ length: 30 }, (_, i) => `<r${i}@x>`);
    const chain = replyReferences({ messageId: '<last@x>', references });
    expect(chain).toHaveLength(20);
    expect(chain.at(-1)).toBe('<last@x>');
    expect(chain[0]).toBe('<r11@x>');
  });

  it('is empty when no letter is answered, and never repeats the answered id', () => {
    expect(replyReferences(null)).toEqual([]);
    expect(replyReferences({ messageId: '<a@x>', references: ['<a@x>'] })).toEqual(['<a@x>']);
  });
});

describe('replySenderName', () => {
  it('names the agent and the department', () => {
    expect(replySenderName('Ada Lovelace', 'Support')).toBe('Ada Lovelace (Support)');
  });
  it('names the agent alone without a department', () => {
    expect(replySenderName('Ada Lovelace', null)).toBe('Ada Lovelace');
    expect(replySenderName(' Ada ', '  ')).toBe('Ada');
  });
});
