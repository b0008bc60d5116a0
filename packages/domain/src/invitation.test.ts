import { describe, expect, it } from 'vitest';
import { canAcceptInvitation, DEFAULT_INVITATION_TTL_HOURS, invitationExpiresAt, isInvitationPending } from './invitation.js';

describe('invitations', () => {
  const issued = new Date('2026-03-01T12:00:00Z');

  it('last seven days by default', () => {
    expect(DEFAULT_INVITATION_TTL_HOURS).toBe(168);
    expect(invitationExpiresAt(issued, DEFAULT_INVITATION_TTL_HOURS).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    expect(invitationExpiresAt(issued, 1.5).toISOString()).toBe('2026-03-01T13:30:00.000Z');
  });

  it('can be accepted until the moment they lapse', () => {
    const agent = { active: true, invitationExpiresAt: invitationExpiresAt(issued, 24) };
    expect(canAcceptInvitation(agent, issued)).toBe(true);
    expect(canAcceptInvitation(agent, new Date('2026-03-02T11:59:59.999Z'))).toBe(true);
    expect(canAcceptInvitation(agent, new Date('2026-03-02T12:00:00Z'))).toBe(false);
  });

  it('cannot be accepted once accepted or by a deactivated agent', () => {
    expect(canAcceptInvitation({ active: true, invitationExpiresAt: null }, issued)).toBe(false);
    expect(canAcceptInvitation({ active: false, invitationExpiresAt: invitationExpiresAt(issued, 24) }, issued)).toBe(false);
  });

  it('stay pending after lapsing, until accepted', () => {
    expect(isInvitationPending({ active: true, invitationExpiresAt: new Date(0) })).toBe(true);
    expect(isInvitationPending({ active: true, invitationExpiresAt: null })).toBe(false);
  });
});
