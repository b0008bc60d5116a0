import { bodyPreview, cleanFileName, type TicketState } from '@parley/domain';
import type { AttachmentDto, ContactSummaryDto, EmailMetaDto, ThreadItemDto, TicketDto } from '@parley/protocol';
import type { Attachment } from '../attachments/attachment.entity.js';
import type { EmailSummary } from './ticket.repository.js';
import type { ThreadItem, Ticket } from './ticket.entity.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function ticketNumber(id: number): string {
  return String(id);
}

export function toTicketState(ticket: Ticket): TicketState {
  return {
    status: ticket.status,
    customStatusId: ticket.customStatusId ?? null,
    internal: ticket.internal,
    channel: ticket.channel,
    priority: ticket.priority,
    departmentId: ticket.departmentId ?? null,
    assignedAgentId: ticket.assignedAgentId ?? null,
    contactId: ticket.contactId ?? null,
    createdByAgentId: ticket.createdByAgentId ?? null,
    createdAt: ticket.createdAt,
    firstAgentReplyAt: ticket.firstAgentReplyAt ?? null,
    lastCustomerMessageAt: ticket.lastCustomerMessageAt ?? null,
    lastAgentReplyAt: ticket.lastAgentReplyAt ?? null,
    resolvedAt: ticket.resolvedAt ?? null,
    postponedUntil: ticket.postponedUntil ?? null,
    waitingSince: ticket.waitingSince ?? null,
  };
}

export function presentTicket(ticket: Ticket, contact: ContactSummaryDto | null): TicketDto {
  return {
    id: ticket.id,
    number: ticketNumber(ticket.id),
    subject: ticket.subject,
    status: ticket.status,
    customStatusId: ticket.customStatusId ?? null,
    priority: ticket.priority,
    channel: ticket.channel,
    internal: ticket.internal,
    departmentId: ticket.departmentId ?? null,
    assignedAgentId: ticket.assignedAgentId ?? null,
    createdByAgentId: ticket.createdByAgentId ?? null,
    contact,
    tags: ticket.tags,
    cc: ticket.cc,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    firstAgentReplyAt: iso(ticket.firstAgentReplyAt),
    lastCustomerMessageAt: iso(ticket.lastCustomerMessageAt),
    lastAgentReplyAt: iso(ticket.lastAgentReplyAt),
    resolvedAt: iso(ticket.resolvedAt),
    postponedUntil: iso(ticket.postponedUntil),
    waitingSince: iso(ticket.waitingSince),
    mergedIntoId: ticket.mergedIntoId ?? null,
    folder: ticket.folder ?? 'inbox',
    sla:
      ticket.slaPolicyId === null || ticket.slaPolicyId === undefined
        ? null
        : {
            policyId: ticket.slaPolicyId,
            nextDueAt: iso(ticket.slaNextDueAt),
            dueAt: {
              first_response: iso(ticket.slaFirstResponseDueAt),
              next_response: iso(ticket.slaNextResponseDueAt),
              resolution: iso(ticket.slaResolutionDueAt),
              chat_answer: iso(ticket.slaChatAnswerDueAt),
            },
          },
  };
}

export function presentAttachment(attachment: Attachment): AttachmentDto {
  return {
    id: attachment.id,
    filename: cleanFileName(attachment.filename),
    contentType: attachment.contentType,
    size: attachment.size,
    url: `/api/v1/attachments/${attachment.id}`,
    createdAt: attachment.createdAt.toISOString(),
  };
}

export function presentEmailMeta(email: EmailSummary): EmailMetaDto {
  return {
    direction: email.direction,
    fromAddress: email.fromAddress ?? null,
    fromName: email.fromName ?? null,
    to: email.to,
    cc: email.cc,
    subject: email.subject,
    hasHtml: email.hasHtml,
    hasOriginal: email.inboundMailId !== null && email.inboundMailId !== undefined,
    deliveryState: email.deliveryState,
    automated: email.automated ?? null,
  };
}

/** A thread carries each body's beginning only (bodyPreview); the rest is one request away (threadItemBody). */
export function presentThreadItem(item: ThreadItem, attachments: readonly Attachment[], email: EmailSummary | null = null): ThreadItemDto {
  const preview = bodyPreview(item.body);
  return {
    id: item.id,
    ticketId: item.ticket,
    kind: item.kind,
    body: preview.body,
    truncated: preview.truncated,
    fullLength: preview.fullLength,
    authorAgentId: item.authorAgent ?? null,
    authorContactId: item.authorContact ?? null,
    systemEvent: (item.systemEvent ?? null) as ThreadItemDto['systemEvent'],
    to: item.recipientsTo ?? [],
    cc: item.recipientsCc ?? [],
    attachments: attachments.map(presentAttachment),
    clientId: item.clientId ?? null,
    createdAt: item.createdAt.toISOString(),
    email: email ? presentEmailMeta(email) : null,
  };
}
