import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Department } from './department.entity.js';

export const CannedResponse = defineEntity({
  name: 'CannedResponse',
  tableName: 'canned_response',
  properties: {
    id: p.integer().primary().autoincrement(),
    title: p.string().length(200).index(),
    body: p.text(),
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_id').nullable().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type CannedResponse = InferEntity<typeof CannedResponse>;
