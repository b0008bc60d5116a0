/**
 * Where the visitor writes: the message box (Enter sends, Shift+Enter breaks the line), the paperclip that
 * uploads files at once, and the files waiting to go with the next message.
 */
import type { ChatMessages } from '../i18n/chat-messages';
import { button, control, el } from './dom';
import { fill } from './files';
import type { Uploads } from './uploads';

export interface ComposerHooks {
  /** The visitor sends: the text ('' when only files go). */
  readonly send: (body: string) => void;
  /** The box holds text (true) or is empty (false) after a change. */
  readonly typing: (active: boolean) => void;
}

const ACCEPTED = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,.doc,.docx,.xls,.xlsx,.odt,.ods';

export class Composer {
  readonly element: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  /** The files waiting for the next message; placed above the composer by the conversation. */
  readonly fileList: HTMLElement;
  readonly #doc: Document;
  readonly #t: ChatMessages;
  readonly #uploads: Pick<Uploads, 'files' | 'uploading' | 'upload' | 'remove'>;

  constructor(doc: Document, t: ChatMessages, uploads: Pick<Uploads, 'files' | 'uploading' | 'upload' | 'remove'>, hooks: ComposerHooks) {
    this.#doc = doc;
    this.#t = t;
    this.#uploads = uploads;
    this.element = el(doc, 'form', 'composer') as HTMLFormElement;
    const [inputLabel, input] = control(doc, 'textarea', 'composer-input', t.message) as [HTMLLabelElement, HTMLTextAreaElement];
    inputLabel.className = 'visually-hidden';
    this.input = input;
    input.rows = 2;
    input.placeholder = t.message;
    const send = button(doc, 'primary', t.send, 'submit');
    // Files: a hidden input behind a labelled button; each file is uploaded at once and sent with the next message.
    const fileInput = doc.createElement('input');
    fileInput.type = 'file';
    fileInput.multiple = true;
    fileInput.hidden = true;
    fileInput.accept = ACCEPTED;
    fileInput.addEventListener('change', () => {
      const chosen = [...(fileInput.files ?? [])];
      fileInput.value = '';
      for (const file of chosen) void uploads.upload(file);
    });
    const attach = button(doc, 'attach', undefined, 'button');
    attach.setAttribute('aria-label', t.attach);
    attach.title = t.attach;
    attach.append(paperclip(doc));
    attach.addEventListener('click', () => fileInput.click());
    this.element.append(inputLabel, attach, fileInput, input, send);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body && uploads.files.length === 0) return;
      if (uploads.uploading > 0) return; // wait for the files still uploading
      input.value = '';
      hooks.send(body);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.element.requestSubmit();
      }
    });
    input.addEventListener('input', () => hooks.typing(input.value.trim() !== ''));
    this.fileList = el(doc, 'ul', 'files');
    this.fileList.setAttribute('aria-label', t.attach);
    this.fileList.hidden = true;
  }

  /** The files waiting for the next message, each removable; "Uploading…" while some are on their way. */
  renderFiles(): void {
    const items = this.#uploads.files.map((file) => {
      const li = el(this.#doc, 'li', 'file-chip');
      const name = el(this.#doc, 'span', 'file-name', file.filename);
      const remove = button(this.#doc, 'file-remove', '×', 'button');
      remove.setAttribute('aria-label', fill(this.#t.removeFile, { name: file.filename }));
      remove.addEventListener('click', () => this.#uploads.remove(file.id));
      li.append(name, remove);
      return li;
    });
    if (this.#uploads.uploading > 0) items.push(el(this.#doc, 'li', 'file-chip file-chip--uploading', this.#t.uploading));
    this.fileList.replaceChildren(...items);
    this.fileList.hidden = items.length === 0;
  }
}

/** A paperclip icon, drawn (an emoji depends on the visitor's fonts). */
function paperclip(doc: Document): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}
