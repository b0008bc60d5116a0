import { chatTranscript, DomainError, endChat, ErrorCodes, visibleThread } from '@parley/domain';
import { internalSenderFor } from '../mail/sender.js';
import type { ChatEndRequest, ChatEndResult } from '@parley/protocol';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { ticketNumber, toTicketState } from '../tickets/ticket.presenter.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { chatCustomer, inVisitorTransaction, type VisitorScope } from './chat.service.js';
import { presentVisitorMessages } from './visitor-message.presenter.js';
import { applyTriggers } from '../automation/apply-triggers.js';
import { endChatSessionFor } from './chat-session.repository.js';
import { keepVisitWithChat } from './visit.js';
import { askAfterChat } from '../satisfaction/survey-after-chat.js';

/**
 * `chat:end`: the visitor ends their chat. One transaction records the system event on the ticket (the
 * domain's endChat), queues the transcript when asked (what the visitor could see, nothing else: visibleThread),
 * and lets go of the chat on the visitor's row, so their next message starts a new chat. The ticket itself
 * carries on under the normal status rules. When no letter can go out the transcript is refused, and nothing changes.
 */
export async function endVisitorChat(scope: VisitorScope, input: ChatEndRequest): Promise<ChatEndResult> {
  const { app } = scope;
  const at = app.clock.now();
  const result = await inVisitorTransaction(scope, async (tx, visitor) => {
    const ticket = visitor?.chatTicketId ? await tx.findOne(Ticket, { id: visitor.chatTicketId }) : null;
    if (!visitor || !ticket) throw new DomainError(ErrorCodes.chatNotStarted, 'There is no chat to end.');
    const work = new TicketWork(tx, ticket, at, null);
    work.apply(endChat(toTicketState(ticket), input.transcriptEmail !== undefined));
    if (input.transcriptEmail) {
      // Refused before anything changes (the transaction rolls back) when no letter could go out.
      const sender = await internalSenderFor(tx, ticket.departmentId ?? null, app.config.mail?.from ?? null);
      if (!sender) throw new DomainError(ErrorCodes.mailNotConfigured, 'This help desk cannot send email: end the chat without a transcript.');
      const items = await tx.find(ThreadItem, { ticket: ticket.id }, { orderBy: { id: 'asc' } });
      const messages = await presentVisitorMessages(tx, visibleThread(chatCustomer(ticket), toTicketState(ticket), items));
      const number = ticketNumber(ticket.id);
      const transcript = chatTranscript(
        number,
        messages.map((m) => ({ from: m.from, authorName: m.authorName, body: m.body, createdAt: new Date(m.createdAt), attachmentNames: m.attachments.map((a) => a.filename) })),
        input.locale ?? 'en',
        input.timeZone,
      );
      app.outbox.queue(tx, { recipient: input.transcriptEmail, subject: transcript.subject, text: transcript.text, purpose: 'chat_transcript', ticketId: ticket.id, mailboxId: sender.mailboxId });
    }
    const ended = await endChatSessionFor(tx, ticket.id, at);
    const routing = ended?.routing ?? null;
    visitor.updatedAt = at;
    await keepVisitWithChat(tx, ticket.id, visitor);
    visitor.chatTicketId = null;
    visitor.deliveredUpToItemId = null;
    visitor.seenUpToItemId = null;
    visitor.agentSeenUpToItemId = null;
    visitor.updatedAt = at;
    await applyTriggers(app, work, ended?.missed ? ['chat_missed'] : []);
    const survey = await askAfterChat(app, tx, ticket, input.locale ?? null, at);
    await tx.flush();
    return { result: { number: ticketNumber(ticket.id), transcriptQueued: input.transcriptEmail !== undefined, routing, survey }, work };
  });
  if (result.transcriptQueued) app.outbox.kick();
  const { routing, survey, ...answer } = result;
  if (routing) app.chatRouter.inBackground('chat ended', () => app.chatRouter.announce(routing));
  return { ...answer, survey: survey ? { token: app.ratingLinks.token(survey.id) } : null };
}
