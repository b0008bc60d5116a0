import type { AgentDto, Api, BodyInputOf, CannedResponseDto, CustomStatusDto, DepartmentDto, QueryOf, ResponseOf } from '@parley/protocol';
import { http, queryString } from '../../api/http';

/** The administration screens' REST calls, typed from the protocol's endpoint registry. */

export type CreateAgentBody = BodyInputOf<Api['createAgent']>;
export type CreatedAgent = ResponseOf<Api['createAgent']>;
export type AgentInvitation = ResponseOf<Api['reissueInvitation']>;
export type PasswordResetLink = ResponseOf<Api['issuePasswordReset']>;
export type UpdateAgentBody = BodyInputOf<Api['updateAgent']>;
export type DepartmentBody = BodyInputOf<Api['createDepartment']>;
export type CreateCustomStatusBody = BodyInputOf<Api['createCustomStatus']>;
export type UpdateCustomStatusBody = BodyInputOf<Api['updateCustomStatus']>;
export type CannedResponseBody = BodyInputOf<Api['createCannedResponse']>;
export type UpdateCannedResponseBody = BodyInputOf<Api['updateCannedResponse']>;


// Reading agents, departments, custom statuses and canned responses is the console's, in api/directory.ts.

// ---- agents


/** Without a password the agent is invited: the answer carries the one-time link, shown once. */
export function createAgent(body: CreateAgentBody): Promise<CreatedAgent> {
  return http.request<CreatedAgent>('POST', '/agents', body);
}

/** A new link for an agent who has not accepted yet; the previous one stops working. */
export function reissueInvitation(id: number): Promise<AgentInvitation> {
  return http.request<AgentInvitation>('POST', `/agents/${id}/invitation`);
}

/** A one-time password reset link to hand over; a previous link stops working. */
export function issuePasswordReset(id: number): Promise<PasswordResetLink> {
  return http.request<PasswordResetLink>('POST', `/agents/${id}/password-reset`);
}

/** Role, departments, name, language or activity; the server refuses to demote the last administrator. */
export function updateAgent(id: number, body: UpdateAgentBody): Promise<AgentDto> {
  return http.request<AgentDto>('PATCH', `/agents/${id}`, body);
}

// ---- departments


export function createDepartment(body: DepartmentBody): Promise<DepartmentDto> {
  return http.request<DepartmentDto>('POST', '/departments', body);
}

export function renameDepartment(id: number, body: DepartmentBody): Promise<DepartmentDto> {
  return http.request<DepartmentDto>('PATCH', `/departments/${id}`, body);
}

// ---- custom statuses


export function createCustomStatus(body: CreateCustomStatusBody): Promise<CustomStatusDto> {
  return http.request<CustomStatusDto>('POST', '/statuses', body);
}

/** Renames or remaps; remapping a status that tickets carry is refused with `status/in_use`. */
export function updateCustomStatus(id: number, body: UpdateCustomStatusBody): Promise<CustomStatusDto> {
  return http.request<CustomStatusDto>('PATCH', `/statuses/${id}`, body);
}

/** Refused with `status/in_use` while tickets carry the status. */
export async function deleteCustomStatus(id: number): Promise<void> {
  await http.request<ResponseOf<Api['deleteCustomStatus']>>('DELETE', `/statuses/${id}`);
}

// ---- canned responses


export function createCannedResponse(body: CannedResponseBody): Promise<CannedResponseDto> {
  return http.request<CannedResponseDto>('POST', '/canned-responses', body);
}

export function updateCannedResponse(id: number, body: UpdateCannedResponseBody): Promise<CannedResponseDto> {
  return http.request<CannedResponseDto>('PATCH', `/canned-responses/${id}`, body);
}

export async function deleteCannedResponse(id: number): Promise<void> {
  await http.request<ResponseOf<Api['deleteCannedResponse']>>('DELETE', `/canned-responses/${id}`);
}

// ---- audit log

export type AuditLogFilter = Omit<QueryOf<Api['listAuditLog']>, 'cursor' | 'limit'>;
export type AuditLogPage = ResponseOf<Api['listAuditLog']>;

export function listAuditLog(filter: AuditLogFilter, cursor: string | null): Promise<AuditLogPage> {
  return http.request<AuditLogPage>('GET', `/audit-log${queryString({ ...filter, cursor, limit: 50 })}`);
}

/** The export is a plain download the browser makes with the session cookie: its address, with the same filters. */
export function auditLogExportUrl(filter: AuditLogFilter): string {
  return `/api/v1/audit-log/export${queryString({ format: 'csv', ...filter })}`;
}

// ---- customer satisfaction

export type SatisfactionSettings = ResponseOf<Api['getSatisfactionSettings']>;
export type UpdateSatisfactionSettingsBody = BodyInputOf<Api['updateSatisfactionSettings']>;

export function getSatisfactionSettings(): Promise<SatisfactionSettings> {
  return http.request<SatisfactionSettings>('GET', '/settings/satisfaction');
}

export function updateSatisfactionSettings(body: UpdateSatisfactionSettingsBody): Promise<SatisfactionSettings> {
  return http.request<SatisfactionSettings>('PUT', '/settings/satisfaction', body);
}
