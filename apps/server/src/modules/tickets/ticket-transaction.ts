import { assignmentNotice, chatResolvedBy, type SystemEvent, type TicketAudienceSnapshot, type TicketChange } from '@parley/domain';
import type { ContactSummaryDto, ThreadItemDto } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { type ServerEventMap, ticketSnapshot } from '../../events/server-events.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { EmailMessage } from '../email/email.entity.js';
import type { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import type { Orm } from '../../db/orm.js';
import { type ThreadItem, type Ticket, TicketTag } from './ticket.entity.js';
import { ticketRowWriter } from './ticket-rows.js';
import { presentThreadItem } from './ticket.presenter.js';
import { threadRow } from './ticket-row-columns.js';

/** Who may see a ticket, from the entity or from the domain's TicketState alike. */
export function audienceSnapshot(
  ticket: Pick<Ticket, 'internal'> & { readonly departmentId?: number | null; readonly assignedAgentId?: number | null; readonly createdByAgentId?: number | null; readonly contactId?: number | null },
): TicketAudienceSnapshot {
  return {
    departmentId: ticket.departmentId ?? null,
    assignedAgentId: ticket.assignedAgentId ?? null,
    createdByAgentId: ticket.createdByAgentId ?? null,
    internal: ticket.internal,
    contactId: ticket.contactId ?? null,
  };
}

type NewItem = Parameters<typeof threadRow>[2];

/**
 * The writes of one use case on one ticket, inside one database transaction: apply the rules' patch, append
 * thread items (system events included), and remember what to announce once the transaction has committed.
 */
export class TicketWork {
  /** The items this work appended, in order; each has its id once written (writeItems, or any flush of `em`). */
  readonly items: ThreadItem[] = [];
  /** Appended items not yet written. */
  readonly #unwritten: ThreadItem[] = [];
  /** Whether this work changed the ticket or its thread; unchanged work is neither stamped nor announced. */
  changed = false;
  /** What must happen once the transaction has committed besides the announcements (a rule's letter kicks the outbox). */
  readonly afterCommit: (() => void)[] = [];
  /** The ticket's contact when the work read it some other way than through the unit of work (a reply's context). */
  knownContact: ContactSummaryDto | undefined;
  readonly #previous: TicketAudienceSnapshot | null;
  readonly #previousStatus: Ticket['status'] | null;

  constructor(
    readonly em: Em,
    readonly ticket: Ticket,
    readonly at: Date,
    readonly actorAgentId: number | null,
    readonly created = false,
  ) {
    this.#previous = created ? null : audienceSnapshot(ticket);
    this.#previousStatus = created ? null : ticket.status;
    if (!writesBeforeFlush.has(em.config)) throw new Error('ticket work needs writeTicketWorkOnFlush on its ORM');
    const works = worksOf.get(em);
    if (works) works.push(this);
    else worksOf.set(em, [this]);
  }

  apply(change: TicketChange): void {
    if (Object.keys(change.patch).length > 0) this.markChanged();
    // A new status restarts the "status changed" time rules' clock.
    if (change.patch.status !== undefined && change.patch.status !== this.ticket.status) this.ticket.statusChangedAt = this.at;
    Object.assign(this.ticket, change.patch);
    this.recordEvents(change.events);
  }

  recordEvents(events: readonly SystemEvent[]): void {
    for (const event of events) {
      this.append({ kind: 'system_event', body: '', systemEvent: event, authorAgent: this.actorAgentId });
    }
  }

  /**
   * Appends an item, written by the row writer (a thread item is only ever inserted, so it needs no unit of
   * work) before the entity manager's next flush, or by writeItems when its id is wanted without one.
   */
  append(item: NewItem): ThreadItem {
    const row = { ...threadRow(this.ticket.id, this.at, item), id: 0 } as ThreadItem;
    this.items.push(row);
    this.#unwritten.push(row);
    this.markChanged();
    return row;
  }

  /** Inserts the items appended since the last write, in one statement, and gives them their ids. */
  async writeItems(): Promise<void> {
    if (this.#unwritten.length === 0) return;
    const rows = this.#unwritten.splice(0);
    const ids = await ticketRowWriter(this.em).insertThreadItems(
      rows.map(({ id: _id, ...row }) => row),
      { ticket: this.ticket },
    );
    rows.forEach((row, i) => {
      row.id = ids[i]!;
    });
  }

  /**
   * An item this work created, as agents see it. Only this transaction can have given a new item its files
   * and its letter, and whatever it bound or wrote sits in its entity manager: they are read from there.
   */
  presentCreated(item: ThreadItem): ThreadItemDto {
    const unitOfWork = this.em.getUnitOfWork();
    const files = [...unitOfWork.getIdentityMap().getStore(this.em.getMetadata(Attachment)).values()]
      .filter((file) => file.threadItem === item.id)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const email = unitOfWork.getById(EmailMessage, item.id) ?? null;
    return presentThreadItem(item, files, email ? { ...email, hasHtml: email.html !== null && email.html !== undefined } : null);
  }

  /**
   * The ticket's contact if this work loaded it (a reply's letter looks up the customer's address), so the
   * announcement need not read it again; nothing when it did not, and the listener fetches it.
   */
  #loadedContact(): { contact?: ContactSummaryDto | null } {
    const contactId = this.ticket.contactId ?? null;
    if (contactId === null) return { contact: null };
    if (this.knownContact?.id === contactId) return { contact: this.knownContact };
    const contact = this.em.getUnitOfWork().getById(Contact, contactId);
    // A partial load leaves unloaded fields undefined (a loaded empty one is null): then it is not enough.
    if (!contact || contact.name === undefined || contact.primaryEmail === undefined) return {};
    return { contact: { id: contact.id, name: contact.name, email: contact.primaryEmail } };
  }

  replaceTags(before: readonly string[], after: readonly string[]): void {
    this.markChanged();
    for (const tag of before.filter((t) => !after.includes(t))) {
      this.em.remove(this.em.getReference(TicketTag, [this.ticket.id, tag] as never));
    }
    for (const tag of after.filter((t) => !before.includes(t))) this.em.create(TicketTag, { ticket: this.ticket.id, tag });
  }

  /**
   * For changes made to the ticket's fields directly rather than through a rule's patch. The ticket is
   * stamped at once, so a flush in the middle of the work writes the stamp with the change (one update).
   */
  markChanged(): void {
    this.changed = true;
    this.ticket.updatedAt = this.at;
  }

  /** Called after commit: the facts listeners react to, with what the work produced so nobody reads it back. */
  publish(app: AppContext): void {
    const events: [keyof ServerEventMap, ServerEventMap[keyof ServerEventMap]][] = [];
    const produced = { ticket: ticketSnapshot(this.ticket), ...this.#loadedContact() };
    if (this.created) events.push(['ticket.created', { ticketId: this.ticket.id, produced }]);
    else events.push(['ticket.updated', { ticketId: this.ticket.id, previous: this.#previous!, previousStatus: this.#previousStatus!, produced }]);
    const audience = audienceSnapshot(this.ticket);
    for (const item of this.items) {
      const fact = { ticketId: this.ticket.id, itemId: item.id, produced: { item: this.presentCreated(item), audience, channel: this.ticket.channel } };
      events.push(['thread.item_created', fact]);
    }
    const notice = assignmentNotice(this.#previous?.assignedAgentId ?? null, this.ticket.assignedAgentId ?? null, this.actorAgentId);
    if (notice) events.push(['ticket.assigned', { ticketId: this.ticket.id, ...notice }]);
    if (chatResolvedBy(this.#previousStatus, this.ticket)) {
      events.push(['chat.resolved', { ticketId: this.ticket.id }]);
    }
    for (const [name, payload] of events) app.events.publish(name, payload as never);
    for (const run of this.afterCommit) run();
  }
}

/** The ticket works open on each entity manager, whose items its flushes write first. */
const worksOf = new WeakMap<Em, TicketWork[]>();
const writesBeforeFlush = new WeakSet<object>();

/**
 * Before every flush, the items appended by ticket works on the flushing entity manager are inserted, so a
 * flush (the transaction's last one included) never leaves one unwritten and whatever the flush writes
 * after them (files bound to an item, its letter, statistics counting a ticket's replies) finds them.
 */
class TicketWorkItemsBeforeFlush implements EventSubscriber {
  async beforeFlush({ em }: FlushEventArgs): Promise<void> {
    for (const work of worksOf.get(em as Em) ?? []) await work.writeItems();
  }
}

export function writeTicketWorkOnFlush(orm: Orm): void {
  writesBeforeFlush.add(orm.config);
  orm.em.getEventManager().registerSubscriber(new TicketWorkItemsBeforeFlush());
}
