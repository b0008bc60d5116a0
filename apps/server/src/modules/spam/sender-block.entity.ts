import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';

/** A blocked sender (an address or a whole domain): their mail and form messages land in Spam. */
export const SenderBlock = defineEntity({
  name: 'SenderBlock',
  tableName: 'sender_block',
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.enum(['address', 'domain']),
    value: p.string().length(254).unique(),
    createdByAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('created_by_agent_id').strictNullable().deleteRule('set null'),
    createdAt: p.datetime(),
  },
});
export type SenderBlock = InferEntity<typeof SenderBlock>;
