import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';

/**
 * The starting template of new replies, one row per owner: an agent's own or a department's (exactly one of
 * the two is set). Its own table, so neither the agent nor the department row carries a text most never set.
 */
export const ReplyTemplate = defineEntity({
  name: 'ReplyTemplate',
  tableName: 'reply_template',
  properties: {
    id: p.integer().primary().autoincrement(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').nullable().unique().deleteRule('cascade'),
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_id').nullable().unique().deleteRule('cascade'),
    body: p.text(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type ReplyTemplate = InferEntity<typeof ReplyTemplate>;
