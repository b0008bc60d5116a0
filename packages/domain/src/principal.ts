/** Who is asking. Every authorization rule takes one of these; transport builds it once per request or socket. */
export type AgentRole = 'administrator' | 'agent';
export const AGENT_ROLES: readonly AgentRole[] = ['administrator', 'agent'];

export interface AgentPrincipal {
  readonly kind: 'agent';
  readonly agentId: number;
  readonly role: AgentRole;
  readonly departmentIds: readonly number[];
}

/** A customer reaching one ticket through its access token (web form, portal link in an email). */
export interface CustomerPrincipal {
  readonly kind: 'customer';
  readonly contactId: number;
}

export type Principal = AgentPrincipal | CustomerPrincipal;

export function isAdministrator(principal: Principal): boolean {
  return principal.kind === 'agent' && principal.role === 'administrator';
}
