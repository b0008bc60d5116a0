import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { CredentialUnreadable, credentialBinding, decryptCredential, encryptCredential } from '../../src/modules/mailboxes/credentials.js';

describe('mailbox credentials at rest', () => {
  const key = randomBytes(32);
  const binding = credentialBinding(7, 'imap');

  it('encrypts with a fresh nonce each time and decrypts with the same key and mailbox', () => {
    const a = encryptCredential(key, 'pässword 1', binding);
    const b = encryptCredential(key, 'pässword 1', binding);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pässword');
    expect(a).toMatch(/^v1:/);
    expect(decryptCredential(key, a, binding)).toBe('pässword 1');
  });

  it('refuses another key, another mailbox or account, a changed byte, an unknown format, and no key', () => {
    const stored = encryptCredential(key, 'secret', binding);
    expect(() => decryptCredential(randomBytes(32), stored, binding)).toThrow(CredentialUnreadable);
    expect(() => decryptCredential(key, stored, credentialBinding(8, 'imap'))).toThrow(CredentialUnreadable);
    expect(() => decryptCredential(key, stored, credentialBinding(7, 'smtp'))).toThrow(CredentialUnreadable);
    const parts = stored.split(':');
    const ciphertext = Buffer.from(parts[3]!, 'base64');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    expect(() => decryptCredential(key, [parts[0], parts[1], parts[2], ciphertext.toString('base64')].join(':'), binding)).toThrow(CredentialUnreadable);
    expect(() => decryptCredential(key, 'plain text', binding)).toThrow(/not in a known format/);
    expect(() => decryptCredential(null, stored, binding)).toThrow(/MAIL_CREDENTIALS_KEY is not set/);
  });
});

describe('mailbox configuration', () => {
  it('reads the credentials key, the poll interval and the SMTP receiver', () => {
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({ MAIL_CREDENTIALS_KEY: key, MAIL_POLL_SECONDS: '30', SMTP_RECEIVER_PORT: '2525', SMTP_RECEIVER_ALLOW: '10.0.0.0/8, 192.168.1.25 fd00::/8' });
    expect(config.mailboxes.credentialsKey?.toString('base64')).toBe(key);
    expect(config.mailboxes.pollSeconds).toBe(30);
    expect(config.mailboxes.fetch).toBe(true);
    expect(config.mailboxes.smtpReceiver).toEqual({ port: 2525, host: '0.0.0.0', allow: ['10.0.0.0/8', '192.168.1.25', 'fd00::/8'] });
    expect(loadConfig({}).mailboxes).toMatchObject({ credentialsKey: null, pollSeconds: 60, smtpReceiver: null });
    expect(loadConfig({ MAILBOX_FETCH: 'off' }).mailboxes.fetch).toBe(false);
  });

  it('refuses a key that is not 32 bytes of base64, and an allow list entry that is not an address or block', () => {
    expect(() => loadConfig({ MAIL_CREDENTIALS_KEY: randomBytes(16).toString('base64') })).toThrow(/MAIL_CREDENTIALS_KEY/);
    expect(() => loadConfig({ MAIL_CREDENTIALS_KEY: 'not base64 at all!' })).toThrow(/MAIL_CREDENTIALS_KEY/);
    expect(() => loadConfig({ SMTP_RECEIVER_PORT: '2525', SMTP_RECEIVER_ALLOW: 'example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_RECEIVER_PORT: '2525', SMTP_RECEIVER_ALLOW: '10.0.0.0/33' })).toThrow(/SMTP_RECEIVER_ALLOW/);
  });
});
