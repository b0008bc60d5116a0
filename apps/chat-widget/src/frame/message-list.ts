/**
 * The conversation's messages on screen. Updated in place (keyed rows), so a screen reader hears only what
 * is new; files show as thumbnails or download links, fetched with the visitor's token.
 */
import type { AttachmentDto } from '@parley/protocol';
import type { ChatMessages } from '../i18n/chat-messages';
import { avatarColour, initials } from './avatar';
import { el } from './dom';
import { fill, isThumbnail } from './files';
import { renderBody } from './linkify';
import type { ThreadMessage } from './thread';
import type { VisitorSession } from './visitor-session';

export interface MessageListOptions {
  readonly text: ChatMessages;
  readonly session: Pick<VisitorSession, 'token'>;
  /** A file could not be fetched: tell the visitor. */
  readonly failed: () => void;
}

export class MessageList {
  readonly element: HTMLElement;
  readonly #rows = new Map<string, HTMLElement>();
  /** Object URLs of downloaded files, by attachment id (the file needs the token, so it is fetched, not linked). */
  readonly #blobs = new Map<string, Promise<string>>();
  readonly #doc: Document;
  readonly #options: MessageListOptions;

  constructor(doc: Document, options: MessageListOptions) {
    this.#doc = doc;
    this.#options = options;
    this.element = el(doc, 'div', 'log');
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', options.text.conversation);
    this.element.tabIndex = 0;
  }

  /** `receipt`: the visitor's message that carries "Delivered" or "Seen", if any. */
  render(thread: readonly ThreadMessage[], receipt: { id: number; label: 'delivered' | 'seen' } | null): void {
    const t = this.#options.text;
    const log = this.element;
    const seen = new Set<string>();
    thread.forEach((message, index) => {
      const key = message.clientId ? `c:${message.clientId}` : `m:${message.id}`;
      seen.add(key);
      let row = this.#rows.get(key);
      const label = receipt && message.id === receipt.id ? receipt.label : '';
      const files = message.attachments.map((f) => f.id).join(',');
      const state = `${message.from}|${message.state}|${message.body}|${message.authorName ?? ''}|${label}|${files}`;
      if (!row) {
        row = this.#doc.createElement('div');
        this.#rows.set(key, row);
      }
      if (row.dataset.state !== state) {
        row.dataset.state = state;
        row.className = `msg msg--${message.from}${message.state === 'sent' ? '' : ` msg--${message.state}`}`;
        const author = el(this.#doc, 'span', 'author', message.from === 'customer' ? t.you : (message.authorName ?? t.agent));
        const body = el(this.#doc, 'p', 'body');
        body.append(renderBody(this.#doc, message.body));
        const head = el(this.#doc, 'div', 'head');
        if (message.from === 'agent' && message.authorName) {
          // Decorative: the name beside it is what a screen reader reads.
          const avatar = el(this.#doc, 'span', 'avatar', initials(message.authorName));
          avatar.setAttribute('aria-hidden', 'true');
          avatar.style.background = avatarColour(message.authorName);
          head.append(avatar);
        }
        head.append(author);
        row.replaceChildren(head, body);
        if (message.attachments.length > 0) {
          const list = el(this.#doc, 'div', 'attachments');
          list.append(...message.attachments.map((file) => this.#renderFile(file)));
          row.append(list);
        }
        if (message.state !== 'sent') row.append(el(this.#doc, 'span', 'state', message.state === 'pending' ? t.pending : t.failed));
        else if (label) row.append(el(this.#doc, 'span', `state state--${label}`, label === 'seen' ? t.seen : t.delivered));
      }
      if (log.children[index] !== row) log.insertBefore(row, log.children[index] ?? null);
    });
    for (const [key, row] of this.#rows) {
      if (!seen.has(key)) {
        row.remove();
        this.#rows.delete(key);
      }
    }
    log.scrollTop = log.scrollHeight;
  }

  /** A file of a message: the visitor's token is needed to fetch it, so it becomes an object URL once. */
  #fileUrl(file: AttachmentDto): Promise<string> {
    let url = this.#blobs.get(file.id);
    if (!url) {
      url = fetch(file.url, { headers: { authorization: `Bearer ${this.#options.session.token ?? ''}` }, credentials: 'omit' }).then(async (res) => {
        if (!res.ok) throw new Error(`file: ${res.status}`);
        return URL.createObjectURL(await res.blob());
      });
      url.catch(() => this.#blobs.delete(file.id));
      this.#blobs.set(file.id, url);
    }
    return url;
  }

  /** Pictures as thumbnails, other files as download links. */
  #renderFile(file: AttachmentDto): HTMLElement {
    const t = this.#options.text;
    const link = this.#doc.createElement('a');
    link.className = isThumbnail(file.contentType) ? 'file file--image' : 'file';
    link.href = '#';
    link.download = file.filename;
    link.setAttribute('aria-label', fill(t.download, { name: file.filename }));
    if (isThumbnail(file.contentType)) {
      const img = this.#doc.createElement('img');
      img.alt = file.filename;
      img.className = 'thumb';
      link.append(img);
      void this.#fileUrl(file).then(
        (url) => {
          img.src = url;
          link.href = url;
        },
        () => undefined,
      );
    } else {
      link.textContent = file.filename;
    }
    link.addEventListener('click', (event) => {
      if (link.href.startsWith('blob:')) return;
      event.preventDefault();
      void this.#fileUrl(file).then(
        (url) => {
          link.href = url;
          link.click();
        },
        () => this.#options.failed(),
      );
    });
    return link;
  }
}
