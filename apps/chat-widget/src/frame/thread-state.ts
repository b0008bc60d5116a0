/**
 * The visitor's chat as the widget holds it: the thread, the chat it belongs to, the messages still on their
 * way (the outbox, sent again after every reconnect until acknowledged), and which receipts were told. No DOM
 * and no socket: the frame asks it what to show and what to send.
 */
import type { Ack, AttachmentDto, ChatStartRequest, VisitorChatDto, VisitorCommandName, VisitorCommandPayload, VisitorCommandResult, VisitorMessageDto } from '@parley/protocol';
import { addPending, lastStoredId, mergeMessages, newestAgentId, ownReceipt, setPendingState, type ThreadMessage } from './thread';

/** The pre-chat form's answers: sent with chat:start. */
export type StartDetails = Pick<ChatStartRequest, 'name' | 'email'>;

export interface Outgoing {
  readonly clientId: string;
  readonly body: string;
  /** Present: the message starts the chat (chat:start), with the pre-chat form's fields. */
  readonly start?: StartDetails;
  /** Files uploaded for this message. */
  readonly files: readonly AttachmentDto[];
}

/** What an acknowledgement of chat:start / chat:message did: stored, refused, or to be sent again as chat:start. */
export type Settled = { readonly kind: 'sent' } | { readonly kind: 'failed' } | { readonly kind: 'restart'; readonly outgoing: Outgoing };

/** `chat:seen` or `chat:received`, and how far. */
export type Receipt = { readonly event: Extract<VisitorCommandName, 'chat:seen' | 'chat:received'> } & Readonly<VisitorCommandPayload<'chat:seen'>>;

export class ThreadState {
  #list: ThreadMessage[] = [];
  #current: VisitorChatDto | null = null;
  readonly #outbox: Outgoing[] = [];
  readonly #inFlight = new Set<string>();
  /** How far an agent has seen the visitor's messages (the "Seen" receipt). */
  #agentSeenUpTo: number | null = null;
  /** The newest agent message already reported as received / seen, so each receipt is sent once. */
  #reportedReceived = 0;
  #reportedSeen = 0;
  #synced = false;

  get messages(): readonly ThreadMessage[] {
    return this.#list;
  }

  get chat(): VisitorChatDto | null {
    return this.#current;
  }

  /** A chat on the server, or messages here (sent or on their way): the conversation is what to show. */
  get hasConversation(): boolean {
    return this.#current !== null || this.#list.length > 0;
  }

  /** What waits to be sent (again, after a reconnect), oldest first. */
  get pending(): readonly Outgoing[] {
    return [...this.#outbox];
  }

  /** Where `chat:history` starts after a (re)connect: after the newest stored message. */
  historyRequest(): VisitorCommandPayload<'chat:history'> {
    const after = lastStoredId(this.#list);
    return after === undefined ? {} : { afterItemId: after };
  }

  /**
   * What `chat:history` returned after a connect. `changed`: messages came (the list needs drawing);
   * `first`: the first history since the frame opened (the panel then picks the form or the conversation).
   */
  applyHistory(history: VisitorCommandResult<'chat:history'>): { changed: boolean; first: boolean } {
    if (history.chat) this.#current = history.chat;
    if (typeof history.agentSeenUpToItemId === 'number') this.seenByAgent(history.agentSeenUpToItemId);
    const changed = this.merge(history.messages);
    const first = !this.#synced;
    this.#synced = true;
    return { changed, first };
  }

  /** Messages from the server (an ack, a live fact, history), each once; false when there were none. */
  merge(messages: readonly VisitorMessageDto[]): boolean {
    if (messages.length === 0) return false;
    this.#list = mergeMessages(this.#list, messages);
    return true;
  }

  /** The visitor's own message: shown at once as pending, and kept until the server acknowledges it. */
  queue(outgoing: Outgoing, now: Date = new Date()): void {
    this.#outbox.push(outgoing);
    this.#list = addPending(this.#list, outgoing.clientId, outgoing.body, now, outgoing.files);
  }

  /** Marks a message as on its way; false when it already is (a reconnect's resend must not double it). */
  claim(outgoing: Outgoing): boolean {
    if (this.#inFlight.has(outgoing.clientId)) return false;
    this.#inFlight.add(outgoing.clientId);
    return true;
  }

  release(outgoing: Outgoing): void {
    this.#inFlight.delete(outgoing.clientId);
  }

  /**
   * The server answered a message. Stored: it replaces the pending row. Refused because the chat is not (or
   * no longer) open: it is to go again as chat:start. Refused otherwise: it shows as failed and is not retried.
   */
  settle(outgoing: Outgoing, res: Ack<VisitorCommandResult<'chat:message'>>): Settled {
    const index = this.#outbox.indexOf(outgoing);
    if (res.ok) {
      if (index >= 0) this.#outbox.splice(index, 1);
      this.#current = res.data.chat;
      this.merge([{ ...res.data.message, clientId: outgoing.clientId }]);
      return { kind: 'sent' };
    }
    if (res.error.code === 'chat/not_started' && !outgoing.start && index >= 0) {
      const restart: Outgoing = { ...outgoing, start: {} };
      this.#outbox[index] = restart;
      return { kind: 'restart', outgoing: restart };
    }
    if (index >= 0) this.#outbox.splice(index, 1);
    this.#list = setPendingState(this.#list, outgoing.clientId, 'failed');
    return { kind: 'failed' };
  }

  seenByAgent(upToItemId: number): void {
    this.#agentSeenUpTo = Math.max(this.#agentSeenUpTo ?? 0, upToItemId);
  }

  /** "Delivered" or "Seen" under the visitor's newest stored message. */
  receipt(): ReturnType<typeof ownReceipt> {
    return ownReceipt(this.#list, this.#agentSeenUpTo);
  }

  /**
   * The receipt to tell the server now, each once: "seen" while the visitor has the chat in view, else
   * "received" (the widget has it); null when there is nothing new.
   */
  receiptDue(inView: boolean): Receipt | null {
    const newest = newestAgentId(this.#list);
    if (newest === undefined) return null;
    if (inView && newest > this.#reportedSeen) {
      this.#reportedSeen = newest;
      this.#reportedReceived = Math.max(this.#reportedReceived, newest);
      return { event: 'chat:seen', upToItemId: newest };
    }
    if (newest > this.#reportedReceived) {
      this.#reportedReceived = newest;
      return { event: 'chat:received', upToItemId: newest };
    }
    return null;
  }

  /** The chat ended: nothing of it is kept, and the next message starts a new one. */
  clear(): void {
    this.#current = null;
    this.#list = [];
    this.#outbox.length = 0;
    this.#agentSeenUpTo = null;
    this.#reportedReceived = 0;
    this.#reportedSeen = 0;
  }
}
