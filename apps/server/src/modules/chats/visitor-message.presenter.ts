import type { ThreadItemDto, VisitorMessageDto } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import type { ThreadItem } from '../tickets/ticket.entity.js';
import { presentThreadItem } from '../tickets/ticket.presenter.js';
import { attachmentsOf } from '../tickets/ticket.repository.js';

/**
 * What a visitor sees of one thread item, from the item as agents see it: whether the visitor may see it at
 * all is the caller's check (chatItemVisitorRooms, canSeeThreadItem); this only says how it looks to them.
 */
export function toVisitorMessage(item: ThreadItemDto, authorName: string | null): VisitorMessageDto {
  const fromVisitor = item.kind === 'customer_message' && !item.authorAgentId;
  return {
    id: item.id,
    from: item.kind === 'agent_reply' ? 'agent' : 'customer',
    authorName,
    body: item.body,
    attachments: item.attachments.map((a) => ({ ...a, url: `/api/v1/widget/attachments/${a.id}` })),
    createdAt: item.createdAt,
    ...(fromVisitor && item.clientId ? { clientId: item.clientId } : {}),
  };
}

/** The names visitors see for these agents (one query, none when there is no agent among them). */
export async function agentNames(em: Em, agentIds: readonly (number | null | undefined)[]): Promise<Map<number, string>> {
  const ids = [...new Set(agentIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return new Map();
  const agents = await em.find(Agent, { id: { $in: ids } }, { fields: ['id', 'name'] });
  return new Map(agents.map((a) => [a.id, a.name]));
}

/** Items loaded from the database, as the visitor sees them. */
export async function presentVisitorMessages(em: Em, items: readonly ThreadItem[]): Promise<VisitorMessageDto[]> {
  const [attachments, names] = await Promise.all([attachmentsOf(em, items.map((i) => i.id)), agentNames(em, items.map((i) => i.authorAgent))]);
  return items.map((item) => toVisitorMessage(presentThreadItem(item, attachments.get(item.id) ?? []), item.authorAgent ? (names.get(item.authorAgent) ?? null) : null));
}
