import { randomBytes } from 'node:crypto';
import { type PortalLocale, surveyWords } from '@parley/domain';
import type { CustomerTicketDto } from '@parley/protocol';
import { csrfField, e, formatSize, formatWhen, words } from './portal-html.js';
import { PORTAL_MAX_FILES } from './portal-form.js';
import type { PortalTicketRow, PortalTicketView } from './portal-tickets.service.js';

/** The pages' contents (the frame is portal-html's). Each takes what it shows and escapes all of it. */

export function signInForm(locale: PortalLocale, csrf: string, options: { next?: string | null; email?: string } = {}): string {
  const w = words(locale);
  return [
    `<p>${e(w.signInLead)}</p>`,
    '<form method="post" action="/portal/sign-in">',
    csrfField(csrf),
    options.next ? `<input type="hidden" name="next" value="${e(options.next)}">` : '',
    `<label for="email">${e(w.emailLabel)}</label>`,
    `<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${e(options.email ?? '')}">`,
    `<button type="submit">${e(w.sendLink)}</button>`,
    '</form>',
  ].join('');
}

/** What a letter's link opens: one button, so a mail scanner's visit does not use the link up. */
export function redeemForm(locale: PortalLocale, csrf: string, action: string): string {
  return `<form method="post" action="${e(action)}">${csrfField(csrf)}<button type="submit">${e(words(locale).signInTitle)}</button></form>`;
}

function status(locale: PortalLocale, value: 'open' | 'answered' | 'resolved'): string {
  return `<span class="status status--${value}">${e(words(locale).status[value])}</span>`;
}

export function ticketList(locale: PortalLocale, rows: readonly PortalTicketRow[]): string {
  const w = words(locale);
  if (rows.length === 0) return `<p>${e(w.noRequests)}</p><p><a href="/portal/new">${e(w.newRequest)}</a></p>`;
  const items = rows.map(
    (row) =>
      `<li><a href="/portal/tickets/${row.id}">${e(w.requestHeading({ number: row.number, subject: row.subject }))}</a><div class="meta">${status(locale, row.status)} · ${e(w.updatedOn({ date: formatWhen(locale, row.updatedAt) }))}</div></li>`,
  );
  return `<ul class="tickets">${items.join('')}</ul>`;
}

/** A form's own id: sent twice (a double click, a reload after a slow answer), it is taken once. */
function clientIdField(): string {
  return `<input type="hidden" name="clientId" value="pf_${randomBytes(12).toString('base64url')}">`;
}

function filesField(locale: PortalLocale, fileLimit: number): string {
  const w = words(locale);
  return `<label for="files">${e(w.filesLabel({ count: PORTAL_MAX_FILES, size: formatSize(locale, fileLimit) }))}</label><input id="files" name="files" type="file" multiple>`;
}

function thread(locale: PortalLocale, ticket: CustomerTicketDto): string {
  const w = words(locale);
  const items = ticket.messages.map((message) => {
    const author = message.from === 'customer' ? w.you : (message.authorName ?? w.support);
    const files = message.attachments.length
      ? `<ul class="files" aria-label="${e(w.attachments)}">${message.attachments
          .map((file) => `<li><a href="/portal/tickets/${ticket.id}/files/${encodeURIComponent(file.id)}">${e(file.filename)}</a> (${e(formatSize(locale, file.size))})</li>`)
          .join('')}</ul>`
      : '';
    return `<li class="message message--${message.from}"><div class="meta"><strong>${e(author)}</strong> · ${e(formatWhen(locale, message.createdAt))}</div><p class="body">${e(message.body)}</p>${files}</li>`;
  });
  return `<ol class="thread">${items.join('')}</ol>`;
}

export function ticketPage(
  locale: PortalLocale,
  view: PortalTicketView,
  csrf: string,
  options: { fileLimit: number; reply?: string },
): string {
  const w = words(locale);
  const { ticket } = view;
  const reply = [
    `<h2 id="reply">${e(w.replyTitle)}</h2>`,
    ticket.status === 'resolved' ? `<p class="meta">${e(w.reopenHint)}</p>` : '',
    `<form method="post" action="/portal/tickets/${ticket.id}/replies" enctype="multipart/form-data">`,
    csrfField(csrf),
    clientIdField(),
    `<label for="body">${e(w.messageLabel)}</label>`,
    `<textarea id="body" name="body" rows="6" required>${e(options.reply ?? '')}</textarea>`,
    filesField(locale, options.fileLimit),
    `<button type="submit">${e(w.sendReply)}</button>`,
    '</form>',
  ].join('');
  return [
    `<p class="meta">${status(locale, ticket.status)} · ${e(w.createdOn({ date: formatWhen(locale, ticket.createdAt) }))}</p>`,
    thread(locale, ticket),
    view.survey.kind === 'open' ? ratingForm(locale, csrf, ticket) : '',
    view.survey.kind === 'rated' ? `<p class="notice ok">${e(surveyWords(locale).alreadyRated)}</p>` : '',
    reply,
    `<p><a href="/portal/tickets">${e(w.allRequests)}</a></p>`,
  ].join('');
}

function ratingForm(locale: PortalLocale, csrf: string, ticket: CustomerTicketDto): string {
  const s = surveyWords(locale);
  return [
    `<h2>${e(words(locale).rateTitle)}</h2>`,
    `<form method="post" action="/portal/tickets/${ticket.id}/rating">`,
    csrfField(csrf),
    `<fieldset><legend>${e(s.question({ number: ticket.number }))}</legend>`,
    `<label class="choice"><input type="radio" name="rating" value="good" required> ${e(s.good)}</label>`,
    `<label class="choice"><input type="radio" name="rating" value="bad" required> ${e(s.bad)}</label>`,
    '</fieldset>',
    `<label for="comment">${e(s.commentLabel)}</label>`,
    '<textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>',
    `<button type="submit">${e(s.send)}</button>`,
    '</form>',
  ].join('');
}

export function newRequestForm(locale: PortalLocale, csrf: string, options: { fileLimit: number; subject?: string; message?: string }): string {
  const w = words(locale);
  return [
    '<form method="post" action="/portal/new" enctype="multipart/form-data">',
    csrfField(csrf),
    clientIdField(),
    `<label for="subject">${e(w.subjectLabel)}</label>`,
    `<input id="subject" name="subject" type="text" required maxlength="250" value="${e(options.subject ?? '')}">`,
    `<label for="message">${e(w.messageLabel)}</label>`,
    `<textarea id="message" name="message" rows="8" required>${e(options.message ?? '')}</textarea>`,
    filesField(locale, options.fileLimit),
    `<button type="submit">${e(w.send)}</button>`,
    '</form>',
  ].join('');
}
