import { describe, expect, it } from 'vitest';
import type { AgentPrincipal } from '../principal.js';
import {
  canJoinTeamConversation, canUseTeamConversation, directConversationKey, nextReadMarker, teamMessageSegments, validMentions,
} from './team-chat.js';

const agent = (agentId: number, departmentIds: number[] = [], role: 'agent' | 'administrator' = 'agent'): AgentPrincipal => ({ kind: 'agent', agentId, role, departmentIds });

describe('team chat access', () => {
  it('opens a department channel to the department members and administrators only', () => {
    const channel = { kind: 'department' as const, departmentId: 5, memberAgentIds: [] };
    expect(canUseTeamConversation(agent(1, [5]), channel)).toBe(true);
    expect(canUseTeamConversation(agent(2, [6]), channel)).toBe(false);
    expect(canUseTeamConversation(agent(3, [], 'administrator'), channel)).toBe(true);
  });

  it('opens an ad-hoc channel and a direct conversation to their members only, administrators included', () => {
    const channel = { kind: 'channel' as const, departmentId: null, memberAgentIds: [1, 2] };
    expect(canUseTeamConversation(agent(1), channel)).toBe(true);
    expect(canUseTeamConversation(agent(3, [], 'administrator'), channel)).toBe(false);
    const direct = { kind: 'direct' as const, departmentId: null, memberAgentIds: [1, 2] };
    expect(canUseTeamConversation(agent(2), direct)).toBe(true);
    expect(canUseTeamConversation(agent(4, [], 'administrator'), direct)).toBe(false);
  });

  it('lets agents join and leave ad-hoc channels only', () => {
    expect(canJoinTeamConversation({ kind: 'channel', departmentId: null, memberAgentIds: [] })).toBe(true);
    expect(canJoinTeamConversation({ kind: 'department', departmentId: 1, memberAgentIds: [] })).toBe(false);
    expect(canJoinTeamConversation({ kind: 'direct', departmentId: null, memberAgentIds: [1, 2] })).toBe(false);
  });

  it('gives two agents one direct conversation whoever opens it, and none with oneself', () => {
    expect(directConversationKey(7, 3)).toBe('3:7');
    expect(directConversationKey(3, 7)).toBe('3:7');
    expect(directConversationKey(3, 3)).toBeNull();
  });
});

describe('team chat messages', () => {
  it('keeps mentions of members only, never the author, each once', () => {
    expect(validMentions([2, 9, 2, 1, 3], [1, 2, 3], 1)).toEqual([2, 3]);
    expect(validMentions([], [1, 2], 1)).toEqual([]);
  });

  it('finds ticket references, not inside words, URLs or entities', () => {
    expect(teamMessageSegments('see #1042, and #7.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'ticket', text: '#1042', ticketId: 1042 },
      { kind: 'text', text: ', and ' },
      { kind: 'ticket', text: '#7', ticketId: 7 },
      { kind: 'text', text: '.' },
    ]);
    expect(teamMessageSegments('#12')).toEqual([{ kind: 'ticket', text: '#12', ticketId: 12 }]);
    expect(teamMessageSegments('a#12 b/#12 &#12; #12x ##12 #0')).toEqual([{ kind: 'text', text: 'a#12 b/#12 &#12; #12x ##12 #0' }]);
    expect(teamMessageSegments('')).toEqual([]);
  });

  it('never moves a read marker back', () => {
    expect(nextReadMarker(10, 4)).toBe(10);
    expect(nextReadMarker(10, 12)).toBe(12);
  });
});
