import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError, ErrorCodes, senderBlockFor, type TicketFolder } from '@parley/domain';
import type { TicketDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { Contact } from '../contacts/contact.entity.js';
import { changeTicket, presentTickets } from '../tickets/ticket.service.js';
import { SenderBlock } from './sender-block.entity.js';

/**
 * Moving a ticket between the queue, the trash and spam (LiveAgent's Deleted and Spam). The thread is never
 * touched; a system event records the move. Marking as spam may also block the sender, so their later mail
 * and form messages land in spam.
 */
export async function moveTicketToFolder(scope: AgentScope, ticketId: number, to: TicketFolder, block: 'address' | 'domain' | null = null): Promise<TicketDto> {
  const { ticket } = await changeTicket(scope, ticketId, async (work) => {
    const from = work.ticket.folder ?? 'inbox';
    let blocked: string | null = null;
    if (to === 'spam' && block) {
      const email = work.ticket.contactId ? (await work.em.findOne(Contact, { id: work.ticket.contactId }, { fields: ['primaryEmail'] }))?.primaryEmail : null;
      if (!email) throw new DomainError(ErrorCodes.requestInvalid, 'The ticket has no sender address to block.');
      const rule = senderBlockFor(email, block);
      const existing = await work.em.findOne(SenderBlock, { value: rule.value });
      if (!existing) work.em.create(SenderBlock, { kind: rule.kind, value: rule.value, createdByAgentId: scope.agent.agentId, createdAt: work.at });
      blocked = rule.value;
    }
    if (from === to && blocked === null) return;
    work.markChanged();
    Object.assign(work.ticket, { folder: to, folderChangedAt: work.at });
    work.recordEvents([{ type: 'folder_changed', from, to, blocked }]);
  }).catch((error: unknown) => {
    if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCodes.conflict, 'Someone blocked this sender at the same moment; try again.');
    throw error;
  });
  return (await presentTickets(scope.em, [ticket]))[0]!;
}
