import { editNote, writeNote } from '@parley/domain';
import type { EditableNoteDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Company, Contact } from '../contacts/contact.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { EditableNote } from './editable-note.entity.js';
import { presentNote } from './note.presenter.js';

/**
 * The editable notes: one beside each ticket (readable and writable by whoever may see the ticket), and
 * any number about a contact or a company. The domain's writeNote/editNote keep author, editor and times.
 */

export async function getTicketNote(scope: AgentScope, ticketId: number): Promise<EditableNoteDto | null> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  const note = await scope.em.findOne(EditableNote, { ticket: ticketId });
  return note ? presentNote(note) : null;
}

export async function putTicketNote(scope: AgentScope, ticketId: number, body: string): Promise<EditableNoteDto> {
  const now = scope.app.clock.now();
  const note = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await findTicketForAgent(em, scope.agent, ticketId, true);
    const existing = await em.findOne(EditableNote, { ticket: ticketId });
    if (existing) return Object.assign(existing, editNote(existing, body, scope.agent.agentId, now));
    return em.create(EditableNote, { ticket: ticketId, contact: null, company: null, ...writeNote(body, scope.agent.agentId, now) });
  });
  scope.app.events.publish('ticket.note_changed', { ticketId });
  return presentNote(note);
}

export async function deleteTicketNote(scope: AgentScope, ticketId: number): Promise<void> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  if ((await scope.em.nativeDelete(EditableNote, { ticket: ticketId })) === 0) throw notFound('Ticket note');
  scope.app.events.publish('ticket.note_changed', { ticketId });
}

type Subject = { readonly kind: 'contact' | 'company'; readonly id: number };

async function assertSubjectExists(em: Em, subject: Subject): Promise<void> {
  const found = subject.kind === 'contact' ? await em.count(Contact, { id: subject.id }) : await em.count(Company, { id: subject.id });
  if (found === 0) throw notFound(subject.kind === 'contact' ? 'Contact' : 'Company');
}

const ownedBy = (subject: Subject) => (subject.kind === 'contact' ? { contact: subject.id } : { company: subject.id });

export async function listNotes(scope: AgentScope, subject: Subject): Promise<EditableNoteDto[]> {
  await assertSubjectExists(scope.em, subject);
  const notes = await scope.em.find(EditableNote, ownedBy(subject), { orderBy: { createdAt: 'desc', id: 'desc' } });
  return notes.map(presentNote);
}

export async function addNote(scope: AgentScope, subject: Subject, body: string): Promise<EditableNoteDto> {
  await assertSubjectExists(scope.em, subject);
  const note = scope.em.create(EditableNote, {
    ticket: null,
    contact: subject.kind === 'contact' ? subject.id : null,
    company: subject.kind === 'company' ? subject.id : null,
    ...writeNote(body, scope.agent.agentId, scope.app.clock.now()),
  });
  await scope.em.flush();
  return presentNote(note);
}

export async function editSubjectNote(scope: AgentScope, subject: Subject, noteId: number, body: string): Promise<EditableNoteDto> {
  const note = await scope.em.findOne(EditableNote, { id: noteId, ...ownedBy(subject) });
  if (!note) throw notFound('Note');
  Object.assign(note, editNote(note, body, scope.agent.agentId, scope.app.clock.now()));
  await scope.em.flush();
  return presentNote(note);
}

export async function deleteSubjectNote(scope: AgentScope, subject: Subject, noteId: number): Promise<void> {
  if ((await scope.em.nativeDelete(EditableNote, { id: noteId, ...ownedBy(subject) })) === 0) throw notFound('Note');
}
