import type { TriggerEvent } from '@parley/domain';
import type { Api, AutoAssignmentDto, BodyInputOf, ResponseOf, RulePreviewDto, TimeRuleDto, TriggerDto } from '@parley/protocol';
import { http } from '../../api/http';

/** Automation's administration calls (triggers, time rules, auto-assignment), typed from the protocol's endpoint registry. */

export type TriggerBody = BodyInputOf<Api['createTrigger']>;
export type TimeRuleBody = BodyInputOf<Api['createTimeRule']>;
export type AutoAssignmentBody = BodyInputOf<Api['setAutoAssignment']>;

export async function listTriggers(): Promise<TriggerDto[]> {
  return (await http.request<ResponseOf<Api['listTriggers']>>('GET', '/triggers')).items;
}
export const createTrigger = (body: TriggerBody) => http.request<TriggerDto>('POST', '/triggers', body);
export const updateTrigger = (id: number, body: Partial<TriggerBody>) => http.request<TriggerDto>('PATCH', `/triggers/${id}`, body);
export const deleteTrigger = (id: number) => http.request<ResponseOf<Api['deleteTrigger']>>('DELETE', `/triggers/${id}`);
export async function reorderTriggers(ids: number[]): Promise<TriggerDto[]> {
  return (await http.request<ResponseOf<Api['reorderTriggers']>>('PUT', '/triggers/order', { ids })).items;
}
export const previewTrigger = (ticketId: number, event: TriggerEvent, rule: TriggerBody) => http.request<RulePreviewDto>('POST', '/triggers/preview', { ticketId, event, rule });

export async function listTimeRules(): Promise<TimeRuleDto[]> {
  return (await http.request<ResponseOf<Api['listTimeRules']>>('GET', '/time-rules')).items;
}
export const createTimeRule = (body: TimeRuleBody) => http.request<TimeRuleDto>('POST', '/time-rules', body);
export const updateTimeRule = (id: number, body: Partial<TimeRuleBody>) => http.request<TimeRuleDto>('PATCH', `/time-rules/${id}`, body);
export const deleteTimeRule = (id: number) => http.request<ResponseOf<Api['deleteTimeRule']>>('DELETE', `/time-rules/${id}`);
export async function reorderTimeRules(ids: number[]): Promise<TimeRuleDto[]> {
  return (await http.request<ResponseOf<Api['reorderTimeRules']>>('PUT', '/time-rules/order', { ids })).items;
}
export const previewTimeRule = (ticketId: number, ruleId: number | undefined, rule: TimeRuleBody) =>
  http.request<RulePreviewDto>('POST', '/time-rules/preview', { ticketId, ...(ruleId !== undefined ? { ruleId } : {}), rule });

export async function listAutoAssignment(): Promise<AutoAssignmentDto[]> {
  return (await http.request<ResponseOf<Api['listAutoAssignment']>>('GET', '/auto-assignment')).items;
}
export const setAutoAssignment = (departmentId: number, body: AutoAssignmentBody) => http.request<AutoAssignmentDto>('PUT', `/departments/${departmentId}/auto-assignment`, body);
