import type { Api, BodyInputOf, BusinessCalendarDto, ResponseOf, SlaPolicyDto, SlaPreviewDto } from '@parley/protocol';
import { http } from '../../api/http';

/** Service levels' administration calls (calendars, policies), typed from the protocol's endpoint registry. */

export type CalendarBody = BodyInputOf<Api['createCalendar']>;
export type SlaPolicyBody = BodyInputOf<Api['createSlaPolicy']>;

export async function listCalendars(): Promise<BusinessCalendarDto[]> {
  return (await http.request<ResponseOf<Api['listCalendars']>>('GET', '/calendars')).items;
}
export function createCalendar(body: CalendarBody): Promise<BusinessCalendarDto> {
  return http.request<BusinessCalendarDto>('POST', '/calendars', body);
}
export function updateCalendar(id: number, body: Partial<CalendarBody>): Promise<BusinessCalendarDto> {
  return http.request<BusinessCalendarDto>('PATCH', `/calendars/${id}`, body);
}
export async function deleteCalendar(id: number): Promise<void> {
  await http.request<ResponseOf<Api['deleteCalendar']>>('DELETE', `/calendars/${id}`);
}

export async function listSlaPolicies(): Promise<SlaPolicyDto[]> {
  return (await http.request<ResponseOf<Api['listSlaPolicies']>>('GET', '/sla-policies')).items;
}
export function createSlaPolicy(body: SlaPolicyBody): Promise<SlaPolicyDto> {
  return http.request<SlaPolicyDto>('POST', '/sla-policies', body);
}
export function updateSlaPolicy(id: number, body: Partial<SlaPolicyBody>): Promise<SlaPolicyDto> {
  return http.request<SlaPolicyDto>('PATCH', `/sla-policies/${id}`, body);
}
export async function deleteSlaPolicy(id: number): Promise<void> {
  await http.request<ResponseOf<Api['deleteSlaPolicy']>>('DELETE', `/sla-policies/${id}`);
}
export async function reorderSlaPolicies(ids: number[]): Promise<SlaPolicyDto[]> {
  return (await http.request<ResponseOf<Api['reorderSlaPolicies']>>('PUT', '/sla-policies/order', { ids })).items;
}
export function previewSlaPolicies(ticketId: number): Promise<SlaPreviewDto> {
  return http.request<SlaPreviewDto>('POST', '/sla-policies/preview', { ticketId });
}
