import type { Api, BodyInputOf, MailboxConnectionTest, MailboxDto, ResponseOf } from '@parley/protocol';
import { http } from './http';

/** Mailboxes (administrators): passwords go in, never come back; "Test connection" asks the servers now. */
export type CreateMailboxBody = BodyInputOf<Api['createMailbox']>;
export type UpdateMailboxBody = BodyInputOf<Api['updateMailbox']>;

export async function listMailboxes(): Promise<MailboxDto[]> {
  return (await http.request<ResponseOf<Api['listMailboxes']>>('GET', '/mailboxes')).items;
}

export function createMailbox(body: CreateMailboxBody): Promise<MailboxDto> {
  return http.request<MailboxDto>('POST', '/mailboxes', body);
}

export function updateMailbox(id: number, body: UpdateMailboxBody): Promise<MailboxDto> {
  return http.request<MailboxDto>('PATCH', `/mailboxes/${id}`, body);
}

export function testMailbox(id: number): Promise<MailboxConnectionTest> {
  return http.request<MailboxConnectionTest>('POST', `/mailboxes/${id}/test`);
}
