import { QueryOrder } from '@mikro-orm/core';
import { recordPageVisit } from '@parley/domain';
import type { VisitorContextDto, VisitorContextReport } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { findTicketForAgent, visibleToAgent } from '../tickets/ticket.repository.js';
import { ChatSession } from './chat-session.entity.js';
import { inVisitorTransaction, type VisitorScope } from './chat.service.js';
import { describeUserAgent } from './user-agent.js';
import { presentVisit } from './visit.js';
import { Visitor } from './visitor.entity.js';

const EARLIER_TICKETS_SHOWN = 20;

/**
 * `visitor:context`: the page the visitor is on, their language and time zone, and (from the socket's
 * handshake) their browser and OS. The referrer kept is the one that brought them to the site (the first
 * reported this visit). A visitor who has not chatted yet gets their row here, so the context is there when they do.
 */
export async function recordVisitorContext(scope: VisitorScope, input: VisitorContextReport, userAgent: string | undefined): Promise<{ pages: number }> {
  const at = scope.app.clock.now();
  const page = { url: input.page.url, ...(input.page.title ? { title: input.page.title } : {}), at: at.toISOString() };
  const agent = describeUserAgent(userAgent);
  return inVisitorTransaction(scope, async (tx, existing) => {
    const visitor =
      existing ?? tx.create(Visitor, { id: scope.visitorId, contactId: null, chatTicketId: null, page: null, createdAt: at, updatedAt: at } as never);
    let pages = visitor.pages ?? [];
    // The loader's trail of the visit before the chat opened: taken once, when the server knows no page yet.
    if (pages.length === 0 && input.trail) {
      for (const earlier of input.trail) pages = recordPageVisit(pages, { url: earlier.url, ...(earlier.title ? { title: earlier.title } : {}), at: earlier.at });
      if (!visitor.referrer && input.trail[0]?.referrer) visitor.referrer = input.trail[0].referrer;
    }
    pages = recordPageVisit(pages, page);
    visitor.pages = pages;
    visitor.page = { url: input.page.url, ...(input.page.title ? { title: input.page.title } : {}), ...(input.page.referrer ? { referrer: input.page.referrer } : {}) };
    // With a trail, the page's own referrer is the previous page of the same site, not where the visitor came from.
    if (!visitor.referrer && !input.trail && input.page.referrer) visitor.referrer = input.page.referrer;
    if (input.language) visitor.language = input.language;
    if (input.timeZone) visitor.timeZone = input.timeZone;
    if (agent.browser) visitor.browser = agent.browser;
    if (agent.os) visitor.os = agent.os;
    visitor.updatedAt = at;
    await tx.flush();
    return { result: { pages: pages.length }, work: null };
  });
}

/**
 * `GET /tickets/:id/visitor`: for an agent who may see the chat, the visit of the visitor whose chat it is and
 * the contact's other tickets that this agent may see (never more than the agent could open anyway).
 */
export async function ticketVisitorContext(scope: AgentScope, ticketId: number): Promise<VisitorContextDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  const visitor = ticket.channel === 'chat' ? await scope.em.findOne(Visitor, { chatTicketId: ticket.id }) : null;
  const earlier = ticket.contactId
    ? await scope.em.find(
        Ticket,
        { $and: [{ contactId: ticket.contactId, id: { $ne: ticket.id } }, visibleToAgent(scope.agent)] },
        { orderBy: { createdAt: QueryOrder.DESC, id: QueryOrder.DESC }, limit: EARLIER_TICKETS_SHOWN },
      )
    : [];
  // A visitor who let go of the chat moved on: their details as they were then, kept with the chat.
  const visit = visitor ? presentVisit(visitor, false) : ticket.channel === 'chat' ? ((await scope.em.findOne(ChatSession, { ticket: ticket.id }))?.visit ?? null) : null;
  return {
    visitor: visit,
    earlier: earlier.map((t) => ({ id: t.id, number: ticketNumber(t.id), subject: t.subject, channel: t.channel, status: t.status, createdAt: t.createdAt.toISOString() })),
  };
}
