import { isSenderBlocked, type SenderBlock as SenderBlockRule } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { SenderBlock } from './sender-block.entity.js';

/**
 * Whether a sender is blocked: the blocks that could match (the address itself, its domain and each parent
 * domain) are looked up by the unique index in one query, and the domain's rule decides.
 */
export async function senderIsBlocked(em: Em, address: string): Promise<boolean> {
  const normalized = address.trim().toLowerCase();
  const domain = normalized.slice(normalized.lastIndexOf('@') + 1);
  const labels = domain.split('.');
  const candidates = [normalized, ...labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'))];
  const blocks = await em.find(SenderBlock, { value: { $in: candidates } }, { fields: ['kind', 'value'] });
  return isSenderBlocked(blocks.map((b): SenderBlockRule => ({ kind: b.kind, value: b.value })), normalized);
}
