import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as notes from './note.service.js';

const ok = { ok: true as const };

export function registerNoteRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.getTicketNote, async ({ scope, params }) => ({ note: await notes.getTicketNote(scope, params.id) }));
  mount(router, app, api.putTicketNote, ({ scope, params, body }) => notes.putTicketNote(scope, params.id, body.body));
  mount(router, app, api.deleteTicketNote, async ({ scope, params }) => {
    await notes.deleteTicketNote(scope, params.id);
    return ok;
  });
  for (const kind of ['contact', 'company'] as const) {
    const e =
      kind === 'contact'
        ? { list: api.listContactNotes, add: api.addContactNote, edit: api.editContactNote, remove: api.deleteContactNote }
        : { list: api.listCompanyNotes, add: api.addCompanyNote, edit: api.editCompanyNote, remove: api.deleteCompanyNote };
    mount(router, app, e.list, async ({ scope, params }) => ({ items: await notes.listNotes(scope, { kind, id: params.id }) }));
    mount(router, app, e.add, ({ scope, params, body }) => notes.addNote(scope, { kind, id: params.id }, body.body));
    mount(router, app, e.edit, ({ scope, params, body }) => notes.editSubjectNote(scope, { kind, id: params.id }, params.noteId, body.body));
    mount(router, app, e.remove, async ({ scope, params }) => {
      await notes.deleteSubjectNote(scope, { kind, id: params.id }, params.noteId);
      return ok;
    });
  }
}
