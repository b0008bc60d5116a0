import type { Api, BodyInputOf, ResponseOf } from '@parley/protocol';
import { http } from './http';

export type ReplyTemplate = ResponseOf<Api['myReplyTemplate']>;
export type FilledReplyTemplate = ResponseOf<Api['fillReplyTemplate']>;
type TemplateBody = BodyInputOf<Api['setMyReplyTemplate']>;

export const myReplyTemplate = () => http.request<ReplyTemplate>('GET', '/me/reply-template');
export const setMyReplyTemplate = (template: string | null) =>
  http.request<ReplyTemplate>('PUT', '/me/reply-template', { template } satisfies TemplateBody);
export const departmentReplyTemplate = (departmentId: number) => http.request<ReplyTemplate>('GET', `/departments/${departmentId}/reply-template`);
export const setDepartmentReplyTemplate = (departmentId: number, template: string | null) =>
  http.request<ReplyTemplate>('PUT', `/departments/${departmentId}/reply-template`, { template } satisfies TemplateBody);
/** The template a new reply on this ticket starts from, filled for it (null text: none is set). */
export const fillReplyTemplate = (ticketId: number) => http.request<FilledReplyTemplate>('GET', `/tickets/${ticketId}/reply-template`);
