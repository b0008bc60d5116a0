import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.js';
import {
  acceptChat,
  type ChatSessionState,
  declineChat,
  endChatSession,
  inviteToChat,
  isEligibleForOffer,
  newChatSession,
  offerTargets,
  offerTo,
  ownerPresenceStep,
  rankCandidates,
  requeueChat,
  type RoutingCandidate,
  shouldWiden,
  transferChat,
  visitorChatState,
  widen,
} from './chat-routing.js';

const T0 = new Date('2026-11-30T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const candidate = (agentId: number, over: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  agentId,
  active: true,
  departmentIds: [1],
  availability: 'online',
  connected: true,
  activeChats: 0,
  maxConcurrentChats: 3,
  lastChatAt: null,
  ...over,
});

const offered = (agentIds: number[], over: Partial<ChatSessionState> = {}): ChatSessionState => ({
  ...newChatSession(1, T0),
  phase: 'offered',
  offeredAgentIds: agentIds,
  ...over,
});

const active = (owner: number, over: Partial<ChatSessionState> = {}): ChatSessionState => ({
  ...newChatSession(1, T0),
  phase: 'active',
  ownerAgentId: owner,
  ...over,
});

const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('who may be offered a chat', () => {
  it('offers to an online, connected member of the department with free capacity', () => {
    expect(isEligibleForOffer(candidate(1), 1)).toBe(true);
  });

  it('refuses agents of another department, away or offline, not connected, deactivated or at capacity', () => {
    expect(isEligibleForOffer(candidate(1, { departmentIds: [2] }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { availability: 'away' }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { availability: 'offline' }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { connected: false }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { active: false }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { activeChats: 3 }), 1)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { activeChats: 1, maxConcurrentChats: 1 }), 1)).toBe(false);
  });

  it('widened (no department) accepts any department but still needs online, connected and capacity', () => {
    expect(isEligibleForOffer(candidate(1, { departmentIds: [] }), null)).toBe(true);
    expect(isEligibleForOffer(candidate(1, { departmentIds: [2], availability: 'away' }), null)).toBe(false);
    expect(isEligibleForOffer(candidate(1, { departmentIds: [2], activeChats: 3 }), null)).toBe(false);
  });
});

describe('ordering', () => {
  it('puts fewest active chats first, then the longest idle (never counts as longest), then the lower id', () => {
    const ranked = rankCandidates([
      candidate(1, { activeChats: 2 }),
      candidate(2, { activeChats: 0, lastChatAt: at(50) }),
      candidate(3, { activeChats: 0, lastChatAt: at(10) }),
      candidate(4, { activeChats: 0, lastChatAt: null }),
      candidate(5, { activeChats: 1 }),
      candidate(0, { activeChats: 0, lastChatAt: null }),
    ]);
    expect(ranked.map((c) => c.agentId)).toEqual([0, 4, 3, 2, 5, 1]);
  });
});

describe('offering', () => {
  const pool = [
    candidate(1, { activeChats: 1 }),
    candidate(2),
    candidate(3, { departmentIds: [2] }),
    candidate(4, { availability: 'away' }),
    candidate(5, { activeChats: 3 }),
  ];

  it('rings the department\'s eligible agents, best first, and nobody else', () => {
    expect(offerTargets(newChatSession(1, T0), pool)).toEqual([2, 1]);
  });

  it('rings every eligible agent of any department once widened', () => {
    expect(offerTargets(widen(newChatSession(1, T0), at(30)), pool)).toEqual([2, 3, 1]);
  });

  it('does not ring an agent who declined, nor ring for a chat that is not pending', () => {
    expect(offerTargets({ ...newChatSession(1, T0), declinedAgentIds: [2] }, pool)).toEqual([1]);
    expect(offerTargets(active(1), pool)).toEqual([]);
    expect(offerTargets(endChatSession(offered([2])).session, pool)).toEqual([]);
  });

  it('rings a transfer\'s target agent alone, when they are available', () => {
    const toThree = { ...newChatSession(1, T0), targetAgentId: 3 };
    expect(offerTargets(toThree, pool)).toEqual([3]);
    expect(offerTargets({ ...newChatSession(1, T0), targetAgentId: 4 }, pool)).toEqual([]);
  });

  it('says who starts and stops ringing, and waits when nobody can be rung', () => {
    const first = offerTo(newChatSession(1, T0), [2, 1]);
    expect(first.session.phase).toBe('offered');
    expect(first.added).toEqual([2, 1]);
    expect(first.withdrawn).toEqual([]);
    const second = offerTo(first.session, [1, 3]);
    expect(second.added).toEqual([3]);
    expect(second.withdrawn).toEqual([2]);
    const none = offerTo(second.session, []);
    expect(none.session.phase).toBe('waiting');
    expect(none.withdrawn).toEqual([1, 3]);
  });

  it('leaves a chat that is not pending alone', () => {
    const taken = active(1);
    expect(offerTo(taken, [2])).toEqual({ session: taken, added: [], withdrawn: [] });
  });
});

describe('widening', () => {
  it('widens once the offer has waited offerWaitSeconds, measured from the round\'s start', () => {
    const session = offered([2]);
    expect(shouldWiden(session, at(29), 30_000)).toBe(false);
    expect(shouldWiden(session, at(30), 30_000)).toBe(true);
    expect(shouldWiden({ ...newChatSession(1, T0) }, at(31), 30_000)).toBe(true);
  });

  it('does not widen twice, nor widen an active or ended chat', () => {
    const widened = widen(offered([2]), at(30));
    expect(widened.offerRound).toBe(1);
    expect(widened.offeredAt).toEqual(at(30));
    expect(shouldWiden(widened, at(100), 30_000)).toBe(false);
    expect(shouldWiden(active(1), at(100), 30_000)).toBe(false);
    expect(shouldWiden(endChatSession(offered([1])).session, at(100), 30_000)).toBe(false);
  });

  it('drops a transfer\'s single target when widening', () => {
    expect(widen({ ...newChatSession(1, T0), targetAgentId: 3 }, at(30)).targetAgentId).toBeNull();
  });
});

describe('accepting', () => {
  const free = { activeChats: 0, maxConcurrentChats: 3 };

  it('gives the chat to the first agent who accepts and withdraws it from the others', () => {
    const { session, withdrawn } = acceptChat(offered([1, 2, 3]), 2, free);
    expect(session).toMatchObject({ phase: 'active', ownerAgentId: 2, offeredAgentIds: [], participantIds: [] });
    expect(withdrawn).toEqual([1, 3]);
  });

  it('refuses an accept once the chat is taken or ended, with a named code', () => {
    const { session } = acceptChat(offered([1, 2]), 1, free);
    expect(code(() => acceptChat(session, 2, free))).toBe(ErrorCodes.chatAlreadyTaken);
    expect(code(() => acceptChat(endChatSession(offered([1])).session, 1, free))).toBe(ErrorCodes.chatAlreadyTaken);
  });

  it('refuses an agent who reached their capacity since the chat started ringing', () => {
    expect(code(() => acceptChat(offered([1]), 1, { activeChats: 3, maxConcurrentChats: 3 }))).toBe(ErrorCodes.chatAtCapacity);
    expect(acceptChat(offered([1]), 1, { activeChats: 2, maxConcurrentChats: 3 }).session.ownerAgentId).toBe(1);
  });

  it('refuses an agent the chat is not offered to, unless routing would ring them now (taking it from the queue)', () => {
    expect(code(() => acceptChat(offered([1]), 9, free))).toBe(ErrorCodes.chatNotOffered);
    expect(code(() => acceptChat(newChatSession(1, T0), 1, free))).toBe(ErrorCodes.chatNotOffered);
    const taken = acceptChat(offered([1]), 9, free, true);
    expect(taken.session).toMatchObject({ phase: 'active', ownerAgentId: 9, offeredAgentIds: [] });
    expect(taken.withdrawn).toEqual([1]);
    expect(acceptChat(newChatSession(1, T0), 1, free, true).session.ownerAgentId).toBe(1);
    expect(code(() => acceptChat(offered([1]), 9, { activeChats: 3, maxConcurrentChats: 3 }, true))).toBe(ErrorCodes.chatAtCapacity);
  });
});

describe('declining', () => {
  it('stops ringing the agent and remembers the decline; the last decline puts the chat back to waiting', () => {
    const one = declineChat(offered([1, 2]), 1);
    expect(one).toMatchObject({ phase: 'offered', offeredAgentIds: [2], declinedAgentIds: [1] });
    const both = declineChat(one, 2);
    expect(both).toMatchObject({ phase: 'waiting', offeredAgentIds: [], declinedAgentIds: [1, 2] });
  });

  it('hands a transferred chat back to its department when the target declines', () => {
    expect(declineChat(offered([3], { targetAgentId: 3 }), 3).targetAgentId).toBeNull();
  });

  it('refuses a decline from an agent not rung, or for a chat already taken', () => {
    expect(code(() => declineChat(offered([1]), 2))).toBe(ErrorCodes.chatNotOffered);
    expect(code(() => declineChat(active(1), 1))).toBe(ErrorCodes.chatNotOffered);
  });
});

describe('transferring', () => {
  const owner = { agentId: 1, isAdministrator: false };

  it('sends the chat to a department: back to waiting there, without owner, the previous owner not rung again', () => {
    const next = transferChat(active(1, { participantIds: [4] }), owner, { departmentId: 2 }, true, at(60));
    expect(next).toMatchObject({ phase: 'waiting', departmentId: 2, ownerAgentId: null, participantIds: [], targetAgentId: null, declinedAgentIds: [1], offerRound: 0 });
    expect(next.offeredAt).toEqual(at(60));
    expect(next.waitingSince).toEqual(at(60));
  });

  it('sends the chat to one agent who is available', () => {
    const next = transferChat(active(1), owner, { agentId: 5 }, true, at(60));
    expect(next).toMatchObject({ phase: 'waiting', departmentId: 1, targetAgentId: 5 });
  });

  it('refuses a transfer to an unavailable agent or to the owner themselves', () => {
    expect(code(() => transferChat(active(1), owner, { agentId: 5 }, false, at(60)))).toBe(ErrorCodes.chatAgentUnavailable);
    expect(code(() => transferChat(active(1), owner, { agentId: 1 }, true, at(60)))).toBe(ErrorCodes.ticketTransferNoChange);
  });

  it('refuses anyone but the owner (administrators may), and a chat not active', () => {
    expect(code(() => transferChat(active(1), { agentId: 2, isAdministrator: false }, { departmentId: 2 }, true, at(1)))).toBe(ErrorCodes.chatNotOwner);
    expect(transferChat(active(1), { agentId: 2, isAdministrator: true }, { departmentId: 2 }, true, at(1)).phase).toBe('waiting');
    expect(code(() => transferChat(offered([1]), owner, { departmentId: 2 }, true, at(1)))).toBe(ErrorCodes.chatNotActive);
  });
});

describe('inviting', () => {
  it('lets the owner or a participant invite a colleague', () => {
    const withTwo = inviteToChat(active(1), 1, 2);
    expect(withTwo.participantIds).toEqual([2]);
    expect(inviteToChat(withTwo, 2, 3).participantIds).toEqual([2, 3]);
  });

  it('refuses outsiders, someone already in, and a chat not active', () => {
    expect(code(() => inviteToChat(active(1), 5, 2))).toBe(ErrorCodes.chatNotOwner);
    expect(code(() => inviteToChat(active(1, { participantIds: [2] }), 1, 2))).toBe(ErrorCodes.chatAlreadyParticipant);
    expect(code(() => inviteToChat(active(1), 1, 1))).toBe(ErrorCodes.chatAlreadyParticipant);
    expect(code(() => inviteToChat(offered([1]), 1, 2))).toBe(ErrorCodes.chatNotActive);
  });
});

describe('when the owner is gone', () => {
  const grace = 20_000;

  it('starts the grace at the first check without a console, and requeues after it', () => {
    expect(ownerPresenceStep(active(1), false, at(0), grace)).toBe('mark');
    const marked = active(1, { ownerAbsentSince: at(0) });
    expect(ownerPresenceStep(marked, false, at(19), grace)).toBe('keep');
    expect(ownerPresenceStep(marked, false, at(20), grace)).toBe('requeue');
  });

  it('forgets the absence when the owner is back, and ignores chats that are not active', () => {
    expect(ownerPresenceStep(active(1, { ownerAbsentSince: at(0) }), true, at(30), grace)).toBe('clear');
    expect(ownerPresenceStep(active(1), true, at(30), grace)).toBe('keep');
    expect(ownerPresenceStep(offered([1]), false, at(30), grace)).toBe('keep');
  });

  it('requeues: waiting again from now, in its department, with nobody declined', () => {
    const back = requeueChat(active(1, { participantIds: [2], declinedAgentIds: [3], offerRound: 1 }), at(90));
    expect(back).toMatchObject({ phase: 'waiting', ownerAgentId: null, participantIds: [], declinedAgentIds: [], offerRound: 0, departmentId: 1 });
    expect(back.waitingSince).toEqual(at(90));
  });
});

describe('what the visitor sees', () => {
  it('waits while waiting or offered, sees the name of who joined, and the end; never an id', () => {
    expect(visitorChatState(newChatSession(1, T0), null)).toEqual({ phase: 'waiting', waitingSince: T0, agent: null });
    expect(visitorChatState(offered([1]), null).phase).toBe('waiting');
    expect(visitorChatState(active(7), 'Sam')).toEqual({ phase: 'connected', waitingSince: null, agent: { name: 'Sam' } });
    expect(visitorChatState(endChatSession(active(7)).session, 'Sam')).toEqual({ phase: 'ended', waitingSince: null, agent: null });
  });
});
