import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  type ChatSessionState,
  endChatSession,
  isPending,
  offerTargets,
  offerTo,
  ownerPresenceStep,
  requeueChat,
  type RoutingCandidate,
  shouldWiden,
  visitorChatState,
  widen,
} from '@parley/domain';
import type { ChatOfferDto, MyChatsDto, VisitorChatStateDto } from '@parley/protocol';
import { openWidgetSurvey } from '../satisfaction/open-widget-survey.js';
import type { RatingLinks } from '../satisfaction/rating-links.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/env.js';
import type { Em, Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import type { AgentConnections } from '../../realtime/connections.js';
import { rooms, visitorRooms } from '../../realtime/rooms.js';
import type { AgentNamespace, VisitorNamespace } from '../../realtime/socket-types.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';
import { chatStatisticsState, recordChatFacts } from '../statistics/statistics-recording.js';
import { ChatSession } from './chat-session.entity.js';
import { lockSession, toSessionState, writeSession } from './chat-session.repository.js';
import type { RoutingOutcome } from './routing-outcome.js';
import { Visitor } from './visitor.entity.js';

type Decision = { state: ChatSessionState; outcome: RoutingOutcome } | null;

/** The periodic check sweeps the whole queue at least this often, even when nothing seems to have changed. */
const FULL_SWEEP_MS = 60_000;

/** What decides whom to ring, per agent (not the idle order, which changes who is first, not who rings). */
function poolKey(pool: readonly RoutingCandidate[]): string {
  return pool
    .map((c) => `${c.agentId}:${[...c.departmentIds].sort((a, b) => a - b).join('.')}:${c.activeChats}/${c.maxConcurrentChats}`)
    .sort()
    .join(',');
}

/** Whom a pending chat should ring now, as a change to write; null when it already rings exactly them. */
function offerDecision(row: ChatSession, state: ChatSessionState, pool: readonly RoutingCandidate[]): Decision {
  if (!isPending(state)) return null;
  const step = offerTo(state, offerTargets(state, pool));
  if (step.added.length === 0 && step.withdrawn.length === 0 && step.session.phase === state.phase) return null;
  return { state: step.session, outcome: { ticketId: row.ticket, offered: step.added, withdrawn: step.withdrawn } };
}

/**
 * What the router uses of the app. Not the whole AppContext: the context holds the router, and whatever the
 * router imports must not lead back to it.
 */
export interface ChatRouterDeps {
  readonly config: Config;
  readonly orm: Orm;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly connections: AgentConnections;
  /** Signs the token of a chat's survey, offered to its visitor once the chat ended. */
  readonly ratingLinks: RatingLinks;
}

/**
 * Rings, withdraws and requeues chats. The queue is the `chat_session` table and who is connected is read
 * from the sockets of every instance, so any instance may run any step; each step locks the session row
 * and announces after commit. Offering is idempotent: it rings only agents not yet rung and withdraws
 * only those no longer eligible, so running it again (a reconnect, the periodic job) changes nothing.
 */
export class ChatRouter {
  #app: ChatRouterDeps | null = null;
  #agents: AgentNamespace | null = null;
  #visitors: VisitorNamespace | null = null;
  #sweep: Promise<void> | null = null;
  #sweepAgain = false;
  #lastPoolKey: string | null = null;
  #lastSweepAt = 0;
  #closed = false;
  readonly #background = new Set<Promise<void>>();

  /** Called once realtime is up (the router is built with the app context, before the namespaces exist). */
  attach(app: ChatRouterDeps, agents: AgentNamespace, visitors: VisitorNamespace): void {
    this.#app = app;
    this.#agents = agents;
    this.#visitors = visitors;
  }

  private get app(): ChatRouterDeps {
    if (!this.#app) throw new Error('Realtime is not started.');
    return this.#app;
  }

  /** Stops taking work and waits for what runs (so nothing touches the database after it closes). */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#background.size > 0 || this.#sweep) await Promise.allSettled([...this.#background, this.#sweep]);
  }

  /** Runs routing work after a commit without holding up the answer; a failure is logged (the job retries). */
  inBackground(what: string, work: () => Promise<void>): void {
    if (this.#closed) return;
    const run = work().catch((error: unknown) => this.app.logger.error({ err: error, what }, 'chat routing failed'));
    this.#background.add(run);
    void run.finally(() => this.#background.delete(run));
  }

  #em(): Em {
    return this.app.orm.em.fork() as Em;
  }

  // ---- candidates

  /** Every agent who could be rung now, with their load: online, active and connected somewhere. */
  async candidates(em: Em = this.#em()): Promise<RoutingCandidate[]> {
    const connected = [...(await this.app.connections.connectedAgentIds())];
    if (connected.length === 0) return [];
    const agents = await em.find(
      Agent,
      { id: { $in: connected }, active: true, availability: 'online', invitationExpiresAt: null },
      { fields: ['id', 'availability', 'maxConcurrentChats', 'lastChatAt', 'active'] },
    );
    const ids = agents.map((a) => a.id);
    if (ids.length === 0) return [];
    const [memberships, owned] = await Promise.all([
      em.find(AgentDepartment, { agent: { $in: ids } }),
      em.find(ChatSession, { phase: 'active', ownerAgentId: { $in: ids } }, { fields: ['ticket', 'ownerAgentId'] }),
    ]);
    return agents.map((a) => ({
      agentId: a.id,
      active: a.active,
      availability: a.availability,
      connected: true,
      departmentIds: memberships.filter((m) => m.agent === a.id).map((m) => m.department),
      activeChats: owned.filter((s) => s.ownerAgentId === a.id).length,
      maxConcurrentChats: a.maxConcurrentChats,
      lastChatAt: a.lastChatAt ?? null,
    }));
  }

  // ---- offering

  /** Rings the right agents for one pending chat (and stops ringing those no longer eligible). */
  async offer(ticketId: number, candidates?: RoutingCandidate[]): Promise<void> {
    const pool = candidates ?? (await this.candidates());
    const outcome = await this.#step(ticketId, (row, state) => offerDecision(row, state, pool));
    if (outcome) await this.announce(outcome);
  }

  /**
   * Offers every pending chat again: after an agent connects, comes online or frees capacity, and from the
   * periodic check. Sweeps never overlap on one instance; one asked for during a sweep runs once after it.
   * `unlessUnchanged`: the periodic check skips the sweep while the agents who could be rung are the same as
   * at this instance's last sweep (every change that matters also asks for a sweep where it happens), but
   * sweeps at least every FULL_SWEEP_MS, so a queue of many waiting chats costs nothing on quiet ticks.
   */
  offerAllPending(options: { unlessUnchanged?: boolean } = {}): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#sweep) {
      if (!options.unlessUnchanged) this.#sweepAgain = true;
      return this.#sweep;
    }
    this.#sweep = (async () => {
      try {
        let unlessUnchanged = options.unlessUnchanged ?? false;
        do {
          this.#sweepAgain = false;
          const pool = await this.candidates();
          const key = poolKey(pool);
          const now = Date.now();
          if (unlessUnchanged && key === this.#lastPoolKey && now - this.#lastSweepAt < FULL_SWEEP_MS) break;
          this.#lastPoolKey = key;
          this.#lastSweepAt = now;
          await this.announceAll(await this.#sweepRows({ phase: { $in: ['waiting', 'offered'] } }, (row, state) => offerDecision(row, state, pool)));
          unlessUnchanged = false;
        } while (this.#sweepAgain && !this.#closed);
      } catch (error) {
        this.app.logger.error({ err: error }, 'offering pending chats failed');
      } finally {
        this.#sweep = null;
      }
    })();
    return this.#sweep;
  }

  /** A visitor's write opened (or reopened) the chat: they hear that they wait, and agents are rung. */
  async chatOpened(ticketId: number): Promise<void> {
    await this.announce({ ticketId, visitorState: true });
    await this.offer(ticketId);
  }

  // ---- the periodic check

  /**
   * Ends chats whose ticket was resolved, widens offers unanswered for CHAT_OFFER_WAIT_SECONDS, requeues
   * chats whose owner has had no console for CHAT_OWNER_GRACE_SECONDS, then offers every pending chat. Each
   * step re-checks under the sessions' locks, so instances running it at once do each thing once.
   */
  async tick(): Promise<void> {
    if (this.#closed) return;
    const now = this.app.clock.now();
    const em = this.#em();
    const waitMs = this.app.config.chats.offerWaitSeconds * 1000;
    const graceMs = this.app.config.chats.ownerGraceSeconds * 1000;
    // A resolution whose announcement was lost (the instance stopped right after its commit) still ends the chat.
    const resolved = await em.find(ChatSession, { phase: { $ne: 'ended' }, ticket: { status: 'resolved' } } as FilterQuery<ChatSession>, { fields: ['ticket'] });
    for (const { ticket } of resolved) await this.ticketResolved(ticket);
    const widened = await this.#sweepRows(
      { phase: { $in: ['waiting', 'offered'] }, offerRound: 0, offeredAt: { $lte: new Date(now.getTime() - waitMs) } },
      (row, state) => (shouldWiden(state, now, waitMs) ? { state: widen(state, now), outcome: { ticketId: row.ticket } } : null),
    );
    const connected = await this.app.connections.connectedAgentIds();
    const owners = await this.#sweepRows({ phase: 'active' }, (row, state) => {
      const step = ownerPresenceStep(state, state.ownerAgentId !== null && connected.has(state.ownerAgentId), now, graceMs);
      if (step === 'mark') return { state: { ...state, ownerAbsentSince: now }, outcome: { ticketId: row.ticket } };
      if (step === 'clear') return { state: { ...state, ownerAbsentSince: null }, outcome: { ticketId: row.ticket } };
      if (step !== 'requeue') return null;
      return {
        state: requeueChat(state, now),
        outcome: { ticketId: row.ticket, visitorState: true, mineChanged: state.ownerAgentId === null ? [] : [state.ownerAgentId] },
      };
    });
    await this.announceAll(owners);
    await this.offerAllPending({ unlessUnchanged: widened.length === 0 && owners.length === 0 });
  }

  /** The chat's ticket was resolved: its session ends, nobody rings for it any more. */
  async ticketResolved(ticketId: number): Promise<void> {
    const outcome = await this.#step(ticketId, async (row, state, tx) => {
      // Checked again inside the transaction: a visitor's message may have reopened the ticket meanwhile.
      const ticket = await tx.findOne(Ticket, { id: ticketId }, { fields: ['id', 'status'] });
      if (state.phase === 'ended' || ticket?.status !== 'resolved') return null;
      const ended = endChatSession(state);
      await recordChatFacts(tx, ticketId, chatStatisticsState(row), chatStatisticsState({ ...row, ...ended.session }), this.app.clock.now());
      return {
        state: ended.session,
        outcome: {
          ticketId: row.ticket,
          withdrawn: ended.withdrawn,
          visitorState: true,
          mineChanged: state.phase === 'active' && state.ownerAgentId !== null ? [state.ownerAgentId] : [],
          reoffer: state.phase === 'active',
        },
      };
    });
    if (outcome) await this.announce(outcome);
  }

  /** One transaction on one locked session: the rule's new state is written, its outcome returned. */
  async #step(
    ticketId: number,
    decide: (row: ChatSession, state: ChatSessionState, tx: Em) => Decision | Promise<Decision>,
  ): Promise<RoutingOutcome | null> {
    const at = this.app.clock.now();
    return this.#em().transactional(async (tx) => {
      const row = await lockSession(tx as Em, ticketId);
      if (!row) return null;
      const decided = await decide(row, toSessionState(row), tx as Em);
      if (!decided) return null;
      writeSession(row, decided.state, at);
      await tx.flush();
      return decided.outcome;
    });
  }

  /**
   * The same rule over many sessions in one transaction: a plain read first, and only when the rule would
   * change something, the rows again under lock (PostgreSQL, in ticket order, so sweeps on two instances
   * queue instead of deadlocking), decided anew, written together. Quiet ticks cost one query.
   */
  async #sweepRows(where: FilterQuery<ChatSession>, decide: (row: ChatSession, state: ChatSessionState) => Decision): Promise<RoutingOutcome[]> {
    const preview = await this.#em().find(ChatSession, where);
    if (!preview.some((row) => decide(row, toSessionState(row)) !== null)) return [];
    const at = this.app.clock.now();
    return this.#em().transactional(async (tx) => {
      const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
      const rows = await tx.find(ChatSession, where, { orderBy: { ticket: 'asc' }, ...lock } as never);
      const outcomes: RoutingOutcome[] = [];
      for (const row of rows) {
        const decided = decide(row, toSessionState(row));
        if (!decided) continue;
        writeSession(row, decided.state, at);
        outcomes.push(decided.outcome);
      }
      await tx.flush();
      return outcomes;
    });
  }

  // ---- announcing

  /** Announces the outcomes of a sweep, the offers presented together. */
  async announceAll(outcomes: readonly RoutingOutcome[]): Promise<void> {
    const ringing = outcomes.filter((o) => (o.offered?.length ?? 0) > 0).map((o) => o.ticketId);
    const offers = new Map((await this.presentOffers(this.#em(), ringing)).map((offer) => [offer.ticketId, offer]));
    for (const outcome of outcomes) await this.announce(outcome, offers.get(outcome.ticketId));
  }

  /** Tells agents and the visitor what a committed step changed. */
  async announce(outcome: RoutingOutcome, presented?: ChatOfferDto): Promise<void> {
    const agents = this.#agents;
    if (!agents) return;
    for (const agentId of outcome.withdrawn ?? []) agents.to(rooms.agent(agentId)).emit('chat:offer_withdrawn', { ticketId: outcome.ticketId });
    if (outcome.offered && outcome.offered.length > 0) {
      const offer = presented ?? (await this.presentOffers(this.#em(), [outcome.ticketId]))[0];
      if (offer) agents.to(outcome.offered.map(rooms.agent)).emit('chat:offered', offer);
    }
    for (const agentId of outcome.mineChanged ?? []) agents.to(rooms.agent(agentId)).emit('chat:mine', await this.myChats(this.#em(), agentId));
    if (outcome.visitorState) await this.announceVisitorState(outcome.ticketId);
    if (outcome.reoffer) this.inBackground('reoffer', () => this.offerAllPending());
  }

  /** Tells a colleague they were brought into a chat. */
  invited(ticketId: number, agentId: number, byAgentId: number): void {
    this.#agents?.to(rooms.agent(agentId)).emit('chat:invited', { ticketId, number: ticketNumber(ticketId), byAgentId });
  }

  async announceVisitorState(ticketId: number): Promise<void> {
    const visitors = this.#visitors;
    if (!visitors) return;
    const em = this.#em();
    const [state, chatVisitors] = await Promise.all([this.visitorState(em, ticketId), em.find(Visitor, { chatTicketId: ticketId }, { fields: ['id'] })]);
    if (!state || chatVisitors.length === 0) return;
    visitors.to(chatVisitors.map((v) => visitorRooms.visitor(v.id))).emit('chat:state', state);
  }

  /** What the visitor of this chat sees of its routing (the owner's name only), or null without a session. */
  async visitorState(em: Em, ticketId: number): Promise<VisitorChatStateDto | null> {
    const session = await em.findOne(ChatSession, { ticket: ticketId });
    if (!session) return null;
    const owner = session.ownerAgentId ? await em.findOne(Agent, { id: session.ownerAgentId }, { fields: ['id', 'name'] }) : null;
    const state = visitorChatState(toSessionState(session), owner?.name ?? null);
    const dto: VisitorChatStateDto = { phase: state.phase, waitingSince: state.waitingSince?.toISOString() ?? null, agent: state.agent ? { name: state.agent.name } : null };
    if (state.phase !== 'ended') return dto;
    // Ended by an agent resolving it: the visitor may rate it while its survey takes a rating.
    const survey = await openWidgetSurvey(em, ticketId, this.app.clock.now());
    return { ...dto, survey: survey ? { token: this.app.ratingLinks.token(survey.id) } : null };
  }

  async myChats(em: Em, agentId: number): Promise<MyChatsDto> {
    const owned = await em.find(ChatSession, { phase: 'active', ownerAgentId: agentId }, { fields: ['ticket'], orderBy: { ticket: 'asc' } });
    return { count: owned.length, ticketIds: owned.map((s) => s.ticket) };
  }

  /** Offers as a console shows them: number, department, visitor name, the first words of their message (three reads for any number). */
  async presentOffers(em: Em, ticketIds: readonly number[]): Promise<ChatOfferDto[]> {
    if (ticketIds.length === 0) return [];
    const [sessions, tickets] = await Promise.all([
      em.find(ChatSession, { ticket: { $in: [...ticketIds] } }, { orderBy: { waitingSince: 'asc' } }),
      em.find(Ticket, { id: { $in: [...ticketIds] } }, { fields: ['id', 'contactId'] }),
    ]);
    const contactIds = tickets.map((t) => t.contactId).filter((id): id is number => typeof id === 'number');
    const departmentIds = sessions.map((s) => s.departmentId).filter((id): id is number => typeof id === 'number');
    const [contacts, departments] = await Promise.all([
      contactIds.length > 0 ? em.find(Contact, { id: { $in: contactIds } }, { fields: ['id', 'name'] }) : [],
      departmentIds.length > 0 ? em.find(Department, { id: { $in: departmentIds } }, { fields: ['id', 'name'] }) : [],
    ]);
    const offers: ChatOfferDto[] = [];
    for (const session of sessions) {
      const ticket = tickets.find((t) => t.id === session.ticket);
      if (!ticket) continue;
      offers.push({
        ticketId: ticket.id,
        number: ticketNumber(ticket.id),
        departmentId: session.departmentId ?? null,
        departmentName: departments.find((d) => d.id === session.departmentId)?.name ?? null,
        visitorName: contacts.find((c) => c.id === ticket.contactId)?.name ?? null,
        preview: session.preview,
        waitingSince: session.waitingSince.toISOString(),
        widened: session.offerRound > 0,
        transferred: session.targetAgentId !== null && session.targetAgentId !== undefined,
      });
    }
    return offers;
  }

  /** The chats ringing for one agent right now (a console asks after a reload or a reconnect). */
  async offersFor(em: Em, agentId: number): Promise<ChatOfferDto[]> {
    const ringing = await em.find(ChatSession, { phase: 'offered' }, { fields: ['ticket', 'offeredAgentIds'], orderBy: { waitingSince: 'asc' } });
    return this.presentOffers(em, ringing.filter((s) => s.offeredAgentIds.includes(agentId)).map((s) => s.ticket));
  }
}
