import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { BASE_STATUSES } from '@parley/domain';

export const CustomStatus = defineEntity({
  name: 'CustomStatus',
  tableName: 'custom_status',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    baseStatus: p.enum([...BASE_STATUSES]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type CustomStatus = InferEntity<typeof CustomStatus>;
