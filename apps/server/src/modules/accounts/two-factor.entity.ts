import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';

/** A single-use recovery code of two-factor sign-in; only its sha256 is stored, and a used one is deleted. */
export const RecoveryCode = defineEntity({
  name: 'RecoveryCode',
  tableName: 'recovery_code',
  properties: {
    id: p.integer().primary().autoincrement(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').deleteRule('cascade').index(),
    codeHash: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type RecoveryCode = InferEntity<typeof RecoveryCode>;

/**
 * The step between a right password and the code: no session exists yet, only this short-lived token
 * (its sha256 stored) and how many wrong codes it has seen. Kept in the database so any instance may
 * take the code.
 */
export const PendingSignIn = defineEntity({
  name: 'PendingSignIn',
  tableName: 'pending_sign_in',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').deleteRule('cascade').index(),
    attempts: p.integer().default(0),
    expiresAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type PendingSignIn = InferEntity<typeof PendingSignIn>;
