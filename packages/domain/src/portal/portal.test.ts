import { describe, expect, it } from 'vitest';
import type { ThreadItemKind } from '../thread/thread-item.js';
import {
  formatPortalToken, PORTAL_SIGN_IN_TOKEN_VERSION, PORTAL_TICKET_LINK_VERSION, portalTokenPayload, verifiedPortalToken,
} from './portal-tokens.js';
import {
  isPortalSessionLive, PORTAL_SESSION_IDLE_MS, PORTAL_SESSION_MAX_MS, PORTAL_SIGN_IN_TTL_MS, portalLandingPath, portalSessionEnd, portalSignInExpiry, portalSignInRefusal, shouldTouchPortalSession,
} from './portal-session.js';
import { portalMayDownload, portalMayShowTicket, portalThread, portalTicketScope, portalTicketStatus } from './portal-visibility.js';
import { PORTAL_LOCALE_NAMES, PORTAL_LOCALES, portalSignInLetter, portalTicketLinkLines, portalWords } from './portal-texts.js';

/** A stand-in for the server's HMAC: any function of the payload alone shows the rules (crypto stays in the server). */
const sign = (payload: string) => `sig_${[...payload].reverse().join('').replace(/[^A-Za-z0-9_-]/g, '_')}_padding_padding`;
const matches = (payload: string, signature: string) => sign(payload) === signature;
const token = (version: typeof PORTAL_SIGN_IN_TOKEN_VERSION | typeof PORTAL_TICKET_LINK_VERSION, id: number) =>
  formatPortalToken(version, id, sign(portalTokenPayload(version, id)));

describe('portal tokens', () => {
  it('names the id it was made for, and only for its own kind', () => {
    expect(verifiedPortalToken(PORTAL_SIGN_IN_TOKEN_VERSION, token(PORTAL_SIGN_IN_TOKEN_VERSION, 42), matches)).toBe(42);
    expect(verifiedPortalToken(PORTAL_TICKET_LINK_VERSION, token(PORTAL_TICKET_LINK_VERSION, 7), matches)).toBe(7);
    // A sign-in token is no ticket link, even with the same id and key (the version is signed).
    const signIn = token(PORTAL_SIGN_IN_TOKEN_VERSION, 7);
    expect(verifiedPortalToken(PORTAL_TICKET_LINK_VERSION, signIn, matches)).toBeNull();
    expect(verifiedPortalToken(PORTAL_TICKET_LINK_VERSION, signIn.replace('pps1', 'ppt1'), matches)).toBeNull();
  });

  it('refuses another id under the same signature, an altered signature, other spellings and junk', () => {
    const good = token(PORTAL_TICKET_LINK_VERSION, 35);
    const [version, id, signature] = good.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [`${version}.${(36).toString(36)}.${signature}`, `${version}.${id}.${flipped}`, `${version}.0${id}.${signature}`, `${version}.${id.toUpperCase()}.${signature}`, `${version}.${id}`, '', 'x'.repeat(300), `${version}.-1.${signature}`]) {
      expect(verifiedPortalToken(PORTAL_TICKET_LINK_VERSION, forged, matches), forged).toBeNull();
    }
    expect(verifiedPortalToken(PORTAL_TICKET_LINK_VERSION, null, matches)).toBeNull();
    expect(() => portalTokenPayload(PORTAL_TICKET_LINK_VERSION, 0)).toThrow(RangeError);
    expect(() => formatPortalToken(PORTAL_TICKET_LINK_VERSION, 1, 'not base64url!')).toThrow(RangeError);
  });
});

describe('portal sign-in and sessions', () => {
  const now = new Date('2027-01-10T10:00:00Z');
  it('lets a sign-in link hold for fifteen minutes and once', () => {
    const expiresAt = portalSignInExpiry(now);
    expect(expiresAt.getTime() - now.getTime()).toBe(PORTAL_SIGN_IN_TTL_MS);
    expect(PORTAL_SIGN_IN_TTL_MS).toBe(15 * 60_000);
    expect(portalSignInRefusal({ usedAt: null, expiresAt }, now)).toBeNull();
    expect(portalSignInRefusal({ usedAt: null, expiresAt }, new Date(expiresAt.getTime() - 1))).toBeNull();
    expect(portalSignInRefusal({ usedAt: null, expiresAt }, expiresAt)).toBe('expired');
    // Used is told before expired: the customer learns it was spent, which is the more useful news.
    expect(portalSignInRefusal({ usedAt: now, expiresAt }, new Date(expiresAt.getTime() + 1))).toBe('used');
  });

  it('ends a session when idle, at its ceiling, or when ended', () => {
    const session = { createdAt: now, lastSeenAt: now, endedAt: null };
    expect(isPortalSessionLive(session, now)).toBe(true);
    expect(isPortalSessionLive(session, new Date(now.getTime() + PORTAL_SESSION_IDLE_MS - 1))).toBe(true);
    expect(isPortalSessionLive(session, new Date(now.getTime() + PORTAL_SESSION_IDLE_MS))).toBe(false);
    const busy = { createdAt: now, lastSeenAt: new Date(now.getTime() + PORTAL_SESSION_MAX_MS - 1000), endedAt: null };
    expect(portalSessionEnd(busy).getTime()).toBe(now.getTime() + PORTAL_SESSION_MAX_MS);
    expect(isPortalSessionLive(busy, new Date(now.getTime() + PORTAL_SESSION_MAX_MS))).toBe(false);
    expect(isPortalSessionLive({ ...session, endedAt: now }, now)).toBe(false);
    expect(shouldTouchPortalSession(session, new Date(now.getTime() + 60_000))).toBe(false);
    expect(shouldTouchPortalSession(session, new Date(now.getTime() + 5 * 60_000))).toBe(true);
  });

  it('leads a sign-in only to paths of its own', () => {
    expect(portalLandingPath(12)).toBe('/portal/tickets/12');
    expect(portalLandingPath(null)).toBe('/portal/tickets');
    expect(portalLandingPath(-1)).toBe('/portal/tickets');
    expect(portalLandingPath(Number.NaN)).toBe('/portal/tickets');
  });
});

describe('what a portal customer sees', () => {
  const mine = { id: 1, departmentId: 1, assignedAgentId: 3, createdByAgentId: null, internal: false, contactId: 10, folder: 'inbox' as const };
  const items: { kind: ThreadItemKind; ticketId: number; id: number }[] = [
    { kind: 'customer_message', ticketId: 1, id: 1 },
    { kind: 'internal_note', ticketId: 1, id: 2 },
    { kind: 'system_event', ticketId: 1, id: 3 },
    { kind: 'agent_reply', ticketId: 1, id: 4 },
  ];

  it('shows their own tickets, never an internal one, another contact\'s, or one in the trash or spam', () => {
    expect(portalMayShowTicket(10, mine)).toBe(true);
    expect(portalMayShowTicket(11, mine)).toBe(false);
    expect(portalMayShowTicket(10, { ...mine, internal: true })).toBe(false);
    expect(portalMayShowTicket(10, { ...mine, contactId: null })).toBe(false);
    expect(portalMayShowTicket(10, { ...mine, folder: 'trash' })).toBe(false);
    expect(portalMayShowTicket(10, { ...mine, folder: 'spam' })).toBe(false);
    expect(portalTicketScope(10)).toEqual({ contactId: 10, internal: false, folder: 'inbox' });
  });

  it('shows the conversation only: no internal note, no system event, nothing of a ticket not theirs', () => {
    expect(portalThread(10, mine, items).map((i) => i.id)).toEqual([1, 4]);
    expect(portalThread(11, mine, items)).toEqual([]);
    expect(portalThread(10, { ...mine, internal: true }, items)).toEqual([]);
  });

  it('lets a file be downloaded only from a visible item of that very ticket', () => {
    expect(portalMayDownload(10, mine, items[0]!)).toBe(true);
    expect(portalMayDownload(10, mine, items[3]!)).toBe(true);
    expect(portalMayDownload(10, mine, items[1]!)).toBe(false);
    expect(portalMayDownload(10, mine, { kind: 'agent_reply', ticketId: 2 })).toBe(false);
    expect(portalMayDownload(11, mine, items[0]!)).toBe(false);
    expect(portalMayDownload(10, mine, null)).toBe(false);
  });

  it('tells three states, never the desk\'s own', () => {
    expect(portalTicketStatus('resolved')).toBe('resolved');
    expect(portalTicketStatus('answered')).toBe('answered');
    expect(portalTicketStatus('postponed')).toBe('open');
    expect(portalTicketStatus('new')).toBe('open');
  });
});

describe('portal words', () => {
  it('has every word in all six languages, each its own', () => {
    const english = portalWords('en');
    for (const locale of PORTAL_LOCALES) {
      const words = portalWords(locale);
      expect(PORTAL_LOCALE_NAMES[locale]).toBeTruthy();
      for (const [name, value] of Object.entries(words)) {
        if (typeof value === 'string') {
          expect(value.trim(), `${locale}.${name}`).not.toBe('');
          if (locale !== 'en' && !['requestHeading'].includes(name)) expect(value, `${locale}.${name}`).not.toBe((english as unknown as Record<string, unknown>)[name]);
        } else if (typeof value === 'function') {
          expect((value as (f: Record<string, unknown>) => string)({ who: 'x', number: '7', subject: 's', date: 'd', size: '1 MB', count: 3 })).not.toBe('');
        } else {
          expect(Object.values(value as Record<string, string>).every((v) => v.length > 0)).toBe(true);
        }
      }
    }
    expect(portalWords('xx' as never)).toBe(english);
  });

  it('writes a sign-in letter whose link is the only thing taken from outside, escaped in HTML', () => {
    const letter = portalSignInLetter('lv', { url: 'https://help.example/portal/sign-in/pps1.a.b?x=1&y=<2>' });
    expect(letter.subject).toContain('pierakstīšanās');
    expect(letter.text).toContain('https://help.example/portal/sign-in/pps1.a.b?x=1&y=<2>');
    expect(letter.html).toContain('x=1&amp;y=&lt;2&gt;');
    expect(letter.html).not.toContain('<2>');
    expect(letter.html).toContain('lang="lv"');
    expect(portalTicketLinkLines('bg', 'https://h/portal/t/x')).toContain('Вижте тази заявка');
  });
});
