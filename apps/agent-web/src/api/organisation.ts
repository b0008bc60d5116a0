import type { Api, ResponseOf } from '@parley/protocol';
import { http } from './http';

export type AgentPresenceList = ResponseOf<Api['listAgentPresence']>;
export type DepartmentOverview = ResponseOf<Api['departmentOverview']>;

export const listAgentPresence = () => http.request<AgentPresenceList>('GET', '/agents/presence');
export const departmentOverview = () => http.request<DepartmentOverview>('GET', '/departments/overview');
