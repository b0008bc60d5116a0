import type { AgentPrincipal } from '@parley/domain';
import type { Kysely } from 'kysely';
import type { Em } from '../../db/orm.js';
import { PreparedQuery } from '../../db/prepared-query.js';
import { type Database, type Sql, sql } from '../../db/sql.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import type { EmailMessage } from './email.entity.js';
import { EXTRA, loadTicketWith } from '../tickets/ticket-load.js';
import type { MailSender } from '../mail/sender.js';

/**
 * Everything a reply's letter needs besides the reply itself: the customer's address, the letter it answers
 * (threading headers, the auto-reply rule), the department's sending mailbox, and the names its From shows.
 */
export interface ReplyLetterContext {
  readonly contact: { readonly name: string | null; readonly email: string | null } | null;
  readonly answered: { readonly messageId: string; readonly references: string[]; readonly automated: EmailMessage['automated'] } | null;
  /** The department's active mailbox that sends (its first), or null: MAIL_FROM through SMTP_URL, if any. */
  readonly mailbox: MailSender | null;
  readonly departmentName: string | null;
  readonly authorName: string | null;
}

/**
 * A ticket about to be replied to and its letter's context, in one statement (issue 10: a reply reads no
 * more than it must). The letter answered is the customer's newest: the ticket is locked (PostgreSQL) or the
 * transaction the only writer (SQLite), so none can arrive between this read and the reply.
 */
export async function loadTicketForReply(tx: Em, agent: AgentPrincipal, ticketId: number): Promise<{ ticket: Ticket; context: ReplyLetterContext }> {
  const { ticket, extra } = await loadTicketWith(tx, agent, ticketId, TICKET_FOR_REPLY, { author: agent.agentId, yes: sql(tx).values.bool(true) });
  return { ticket, context: contextFromRow(sql(tx), extra) };
}

/** The same context for a ticket already loaded (an opening letter, a rule's reply). */
export async function replyLetterContext(tx: Em, ticketId: number, authorAgentId: number | null): Promise<ReplyLetterContext> {
  const q = sql(tx);
  const [row] = await CONTEXT_ONLY.execute(q, { id: ticketId, author: authorAgentId ?? 0, yes: q.values.bool(true) });
  const extra = Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key.slice(EXTRA.length), value]));
  return contextFromRow(q, extra);
}

function contextFromRow({ values: v }: Sql, r: Record<string, unknown>): ReplyLetterContext {
  return {
    contact: r.contact_id === null || r.contact_id === undefined ? null : { name: (r.contact_name as string | null) ?? null, email: (r.contact_email as string | null) ?? null },
    answered:
      r.answered_message_id === null || r.answered_message_id === undefined
        ? null
        : { messageId: String(r.answered_message_id), references: v.readJsonOrNull<string[]>(r.answered_references) ?? [], automated: (r.answered_automated as EmailMessage['automated'] | undefined) ?? null },
    mailbox: r.mailbox_id === null || r.mailbox_id === undefined ? null : { mailboxId: Number(r.mailbox_id), address: String(r.mailbox_address), name: (r.mailbox_name as string | null) ?? null },
    departmentName: (r.department_name as string | null) ?? null,
    authorName: (r.author_name as string | null) ?? null,
  };
}

type Values = { id: number; author: number; yes: unknown };

/** The context's joins and columns on a query over `ticket as t`. */
function withContext(db: Kysely<Database>, value: <K extends keyof Values>(name: K) => Values[K]) {
  return db
    .selectFrom('ticket as t')
    .leftJoin('contact as c', 'c.id', 't.contact_id')
    .leftJoin('email_message as e', (join) =>
      join.on((eb) =>
        eb(
          'e.thread_item_id',
          '=',
          eb.selectFrom('email_message as ei').select((s) => s.fn.max('ei.thread_item_id').as('newest')).whereRef('ei.ticket_id', '=', 't.id').where('ei.direction', '=', 'in'),
        ),
      ),
    )
    .leftJoin('mailbox as m', (join) =>
      join.on((eb) =>
        eb(
          'm.id',
          '=',
          eb
            .selectFrom('mailbox as ms')
            .select((s) => s.fn.min('ms.id').as('first'))
            .whereRef('ms.department_id', '=', 't.department_id')
            .where('ms.active', '=', value('yes') as never)
            .where('ms.smtp_enabled', '=', value('yes') as never),
        ),
      ),
    )
    .leftJoin('department as d', 'd.id', 't.department_id')
    .leftJoin('agent as a', (join) => join.on('a.id', '=', value('author')))
    .select([
      `t.contact_id as ${EXTRA}contact_id`,
      `c.name as ${EXTRA}contact_name`,
      `c.primary_email as ${EXTRA}contact_email`,
      `e.message_id as ${EXTRA}answered_message_id`,
      `e.references as ${EXTRA}answered_references`,
      `e.automated as ${EXTRA}answered_automated`,
      `m.id as ${EXTRA}mailbox_id`,
      `m.name as ${EXTRA}mailbox_name`,
      `m.address as ${EXTRA}mailbox_address`,
      `d.name as ${EXTRA}department_name`,
      `a.name as ${EXTRA}author_name`,
    ] as never)
    .where('t.id', '=', value('id'));
}

const TICKET_FOR_REPLY = new PreparedQuery<Values, Record<string, unknown>>((db, value, dialect) => {
  const query = withContext(db, value).selectAll('t');
  return dialect === 'postgresql' ? query.forUpdate('t') : query;
});

const CONTEXT_ONLY = new PreparedQuery<Values, Record<string, unknown>>((db, value) => withContext(db, value));
