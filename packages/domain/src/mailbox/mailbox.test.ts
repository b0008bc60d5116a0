import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  assertCanStoreSecret,
  assertMailboxSettings,
  imapResumePoint,
  MAILBOX_NAME_MAX,
  type MailboxSettingsInput,
  mailboxRetryDelayMs,
  mailboxSettingProblems,
  mayTakeMailboxLease,
  normaliseMailboxAddress,
} from './mailbox.js';

const imap = { host: 'imap.example.com', port: 993, tls: true, starttls: false, user: 'support', folder: 'INBOX', afterFiling: 'seen' as const, moveToFolder: null };
const valid: MailboxSettingsInput = {
  name: 'Support',
  address: 'support@example.com',
  imap,
  smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'support' },
};

describe('mailbox settings', () => {
  it('accepts a complete IMAP + SMTP mailbox, a forward-only one and addresses by IP', () => {
    expect(mailboxSettingProblems(valid)).toEqual([]);
    expect(mailboxSettingProblems({ ...valid, imap: null, smtp: null })).toEqual([]);
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, host: '127.0.0.1', port: 10143, tls: false, starttls: true } })).toEqual([]);
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, afterFiling: 'move', moveToFolder: 'Filed' } })).toEqual([]);
    expect(() => assertMailboxSettings(valid)).not.toThrow();
  });

  it('refuses a missing name, a malformed address, a bad host or port, TLS with STARTTLS, and an empty user', () => {
    const problems = mailboxSettingProblems({
      name: ' ',
      address: 'not an address',
      imap: { ...imap, host: 'bad host!', port: 70_000, starttls: true, user: '' },
      smtp: { host: '', port: 0, secure: false, user: null },
    });
    expect(problems).toEqual([
      { field: 'name', problem: 'required' },
      { field: 'address', problem: 'invalid' },
      { field: 'imap.host', problem: 'invalid' },
      { field: 'imap.port', problem: 'invalid' },
      { field: 'imap.starttls', problem: 'conflict' },
      { field: 'imap.user', problem: 'required' },
      { field: 'smtp.host', problem: 'required' },
      { field: 'smtp.port', problem: 'invalid' },
    ]);
  });

  it('refuses moving filed letters without a folder, into the folder read, or to a name with a line break', () => {
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, afterFiling: 'move', moveToFolder: null } })).toEqual([{ field: 'imap.moveToFolder', problem: 'required' }]);
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, afterFiling: 'move', moveToFolder: 'INBOX' } })).toEqual([{ field: 'imap.moveToFolder', problem: 'conflict' }]);
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, afterFiling: 'move', moveToFolder: 'Done\r\nA1 DELETE INBOX' } })).toEqual([{ field: 'imap.moveToFolder', problem: 'invalid' }]);
    expect(mailboxSettingProblems({ ...valid, imap: { ...imap, folder: '' } })).toEqual([{ field: 'imap.folder', problem: 'invalid' }]);
  });

  it('throws a mailbox/settings_invalid error listing the problems', () => {
    try {
      assertMailboxSettings({ ...valid, address: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('mailbox/settings_invalid');
      expect((error as DomainError).details).toEqual({ problems: [{ field: 'address', problem: 'invalid' }] });
    }
  });

  it('refuses a name longer than a letter\'s source may be', () => {
    expect(mailboxSettingProblems({ ...valid, name: 'x'.repeat(MAILBOX_NAME_MAX) })).toEqual([]);
    expect(mailboxSettingProblems({ ...valid, name: 'x'.repeat(MAILBOX_NAME_MAX + 1) })).toEqual([{ field: 'name', problem: 'invalid' }]);
  });

  it('compares addresses without case or surrounding spaces', () => {
    expect(normaliseMailboxAddress('  Support@Example.COM ')).toBe('support@example.com');
  });
});

describe('storing passwords', () => {
  it('refuses a password without the credentials key, and allows it with the key or when no password is given', () => {
    expect(() => assertCanStoreSecret(true, false)).toThrow(expect.objectContaining({ code: 'mailbox/credentials_key_missing' }));
    expect(() => assertCanStoreSecret(true, true)).not.toThrow();
    expect(() => assertCanStoreSecret(false, false)).not.toThrow();
  });
});

describe('reconnecting', () => {
  it('doubles the wait after each failure and caps it at five minutes', () => {
    expect(mailboxRetryDelayMs(0)).toBe(0);
    expect(mailboxRetryDelayMs(1)).toBe(2_000);
    expect(mailboxRetryDelayMs(2)).toBe(4_000);
    expect(mailboxRetryDelayMs(5)).toBe(32_000);
    expect(mailboxRetryDelayMs(9)).toBe(300_000);
    expect(mailboxRetryDelayMs(1_000)).toBe(300_000);
    expect(mailboxRetryDelayMs(3, 100, 250)).toBe(250);
  });
});

describe('where reading a folder continues', () => {
  it('keeps the last UID while UIDVALIDITY is the same', () => {
    expect(imapResumePoint({ uidValidity: '42', lastUid: 17 }, '42')).toEqual({ uidValidity: '42', lastUid: 17, reset: false });
  });
  it('starts over when UIDVALIDITY changed, and on the first connection', () => {
    expect(imapResumePoint({ uidValidity: '42', lastUid: 17 }, '43')).toEqual({ uidValidity: '43', lastUid: 0, reset: true });
    expect(imapResumePoint({ uidValidity: null, lastUid: 0 }, '7')).toEqual({ uidValidity: '7', lastUid: 0, reset: false });
  });
});

describe('the mailbox lease', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  it('may be taken when free, own, or expired', () => {
    expect(mayTakeMailboxLease({ owner: null, until: null }, 'a', now)).toBe(true);
    expect(mayTakeMailboxLease({ owner: 'a', until: new Date(now.getTime() + 30_000) }, 'a', now)).toBe(true);
    expect(mayTakeMailboxLease({ owner: 'b', until: new Date(now.getTime() - 1) }, 'a', now)).toBe(true);
  });
  it('may not be taken while another instance holds it', () => {
    expect(mayTakeMailboxLease({ owner: 'b', until: new Date(now.getTime() + 30_000) }, 'a', now)).toBe(false);
  });
});
