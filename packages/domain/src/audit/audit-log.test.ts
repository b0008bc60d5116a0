import { describe, expect, it } from 'vitest';
import { agentUpdateAction, auditDiff, csvCell, csvRow, isSecretField, REDACTED } from './audit-log.js';

describe('auditDiff', () => {
  it('lists only the fields that changed, as from → to', () => {
    expect(auditDiff({ name: 'Sales', role: 'agent', departmentIds: [1, 2] }, { name: 'Sales', role: 'administrator', departmentIds: [2] })).toEqual({
      departmentIds: { from: [1, 2], to: [2] },
      role: { from: 'agent', to: 'administrator' },
    });
  });

  it('lists every given field of a creation and of a deletion, leaving out empty ones', () => {
    expect(auditDiff(null, { name: 'Support', greeting: null, departmentIds: [], note: '' })).toEqual({ name: { from: null, to: 'Support' } });
    expect(auditDiff({ departmentIds: [] }, { departmentIds: null })).toEqual({});
    expect(auditDiff({ title: 'Hi' }, null)).toEqual({ title: { from: 'Hi', to: null } });
  });

  it('never writes a secret down: set, cleared and rotated secrets show only that they changed', () => {
    expect(auditDiff({ smtpPassword: null }, { smtpPassword: 'hunter22' })).toEqual({ smtpPassword: { from: null, to: REDACTED } });
    expect(auditDiff({ imapPassword: 'old' }, { imapPassword: null })).toEqual({ imapPassword: { from: REDACTED, to: null } });
    expect(auditDiff({ identitySecret: 'a' }, { identitySecret: 'b' })).toEqual({ identitySecret: { from: REDACTED, to: REDACTED } });
    expect(auditDiff({ identitySecret: 'a' }, { identitySecret: 'a' })).toEqual({});
    expect(JSON.stringify(auditDiff(null, { token: 'prl_abc', passwordHash: '$argon2' }))).not.toMatch(/prl_abc|argon2/);
  });

  it('knows secrets by their field names', () => {
    for (const field of ['password', 'imapPasswordEncrypted', 'identitySecret', 'tokenHash', 'token', 'invitationTokenHash']) expect(isSecretField(field)).toBe(true);
    for (const field of ['name', 'email', 'role', 'active']) expect(isSecretField(field)).toBe(false);
  });

  it('cuts long texts and writes dates as ISO', () => {
    const changes = auditDiff({ body: 'a' }, { body: 'x'.repeat(1000), at: new Date('2026-12-01T00:00:00Z') });
    expect((changes.body!.to as string).length).toBe(200);
    expect(changes.at!.to).toBe('2026-12-01T00:00:00.000Z');
  });
});

describe('agentUpdateAction', () => {
  it('names deactivation, reactivation and role changes before other edits', () => {
    expect(agentUpdateAction({ active: { from: true, to: false }, role: { from: 'administrator', to: 'agent' } })).toBe('agent.deactivated');
    expect(agentUpdateAction({ active: { from: false, to: true } })).toBe('agent.reactivated');
    expect(agentUpdateAction({ role: { from: 'agent', to: 'administrator' }, name: { from: 'a', to: 'b' } })).toBe('agent.role_changed');
    expect(agentUpdateAction({ name: { from: 'a', to: 'b' } })).toBe('agent.updated');
  });
});

describe('csvCell', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('keeps spreadsheets from running a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-2)).toBe('-2');
  });

  it('ends a row with CRLF', () => {
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });
});
