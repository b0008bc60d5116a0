import { describe, expect, it } from 'vitest';
import { AGENT_ROLES, isAdministrator } from './principal.js';

describe('isAdministrator', () => {
  it('is true for an administrator agent only', () => {
    expect(isAdministrator({ kind: 'agent', agentId: 1, role: 'administrator', departmentIds: [] })).toBe(true);
    expect(isAdministrator({ kind: 'agent', agentId: 2, role: 'agent', departmentIds: [1] })).toBe(false);
    expect(isAdministrator({ kind: 'customer', contactId: 1 })).toBe(false);
  });

  it('knows both roles', () => {
    expect(AGENT_ROLES).toEqual(['administrator', 'agent']);
  });
});
