import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';

/**
 * An agent's saved view of the ticket list: a name and the list's filters as JSON text (validated with the
 * protocol's SavedViewFilters on the way in and on the way out). Private to its owner.
 */
export const SavedView = defineEntity({
  name: 'SavedView',
  tableName: 'saved_view',
  properties: {
    id: p.integer().primary().autoincrement(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').deleteRule('cascade'),
    name: p.string().length(100),
    filters: p.text(),
    position: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['agent', 'position'], name: 'saved_view_agent_position_idx' }],
});
export type SavedView = InferEntity<typeof SavedView>;
