import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const Department = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Department = InferEntity<typeof Department>;
