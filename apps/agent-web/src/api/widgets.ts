import type { Api, BodyInputOf, ResponseOf, VisitorContextDto, WidgetDto } from '@parley/protocol';
import { http } from './http';

/** Chat widgets (administrators) and the visitor beside a chat (agents who may see it). */
export type CreateWidgetBody = BodyInputOf<Api['createWidget']>;
export type UpdateWidgetBody = BodyInputOf<Api['updateWidget']>;

export async function listWidgets(): Promise<WidgetDto[]> {
  return (await http.request<ResponseOf<Api['listWidgets']>>('GET', '/widgets')).items;
}

export function createWidget(body: CreateWidgetBody): Promise<WidgetDto> {
  return http.request<WidgetDto>('POST', '/widgets', body);
}

export function updateWidget(id: number, body: UpdateWidgetBody): Promise<WidgetDto> {
  return http.request<WidgetDto>('PATCH', `/widgets/${id}`, body);
}

export async function deleteWidget(id: number): Promise<void> {
  await http.request<ResponseOf<Api['deleteWidget']>>('DELETE', `/widgets/${id}`);
}

export function ticketVisitorContext(ticketId: number): Promise<VisitorContextDto> {
  return http.request<VisitorContextDto>('GET', `/tickets/${ticketId}/visitor`);
}
