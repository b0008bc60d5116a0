import type { Api, BodyInputOf, ResponseOf, TeamConversationDto, TeamReadDto } from '@parley/protocol';
import { http, queryString } from './http';

export const listTeamConversations = () => http.request<ResponseOf<Api['listTeamConversations']>>('GET', '/team/conversations');
export const createTeamChannel = (name: string) => http.request<TeamConversationDto>('POST', '/team/channels', { name } satisfies BodyInputOf<Api['createTeamChannel']>);
export const joinTeamChannel = (id: number) => http.request<TeamConversationDto>('POST', `/team/conversations/${id}/join`);
export const leaveTeamChannel = (id: number) => http.request('POST', `/team/conversations/${id}/leave`);
export const openDirectConversation = (agentId: number) => http.request<TeamConversationDto>('POST', '/team/direct', { agentId } satisfies BodyInputOf<Api['openDirectConversation']>);
export const teamHistory = (id: number, before: string | null, limit = 50) =>
  http.request<ResponseOf<Api['teamHistory']>>('GET', `/team/conversations/${id}/messages${queryString({ before, limit })}`);
export const markTeamRead = (id: number, messageId: number) => http.request<TeamReadDto>('POST', `/team/conversations/${id}/read`, { messageId } satisfies BodyInputOf<Api['markTeamRead']>);
