/**
 * The chat UI inside the frame (served by the Parley server, so its socket passes the Origin check). Plain
 * DOM and socket.io-client: it loads only when the visitor first opens the launcher.
 */
import { io, type Socket } from 'socket.io-client';
import type { FrameToHost } from '../bridge';
import type { TrailPage } from '../loader/trail';
import type { ChatMessages } from '../i18n/chat-messages';
import type { FormMessages } from '../i18n/form-messages';
import { buildOfflineForm, control } from './offline-form';
import { canChat, type FrameConfig } from './widget-config';
import { renderBody } from './linkify';
import { addPending, lastStoredId, mergeMessages, newClientId, type ServerMessage, setPendingState, type ThreadMessage } from './thread';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
interface ChatDto {
  number: string;
  status: string;
}
interface PageContext {
  url: string;
  title?: string;
  referrer?: string;
}
export interface ChatOptions {
  readonly text: ChatMessages;
  readonly departmentId?: number;
  readonly page?: PageContext;
  /** Tells the host page (through the bridge) about unread replies and close requests. */
  readonly notify: (message: FrameToHost) => void;
  readonly storage?: Storage | null;
  /** The widget's settings (greeting, pre-chat fields, departments, online); undefined: the defaults. */
  readonly config?: FrameConfig;
  readonly forms?: FormMessages;
  readonly widgetKey?: string;
  /** The site's user, signed with the widget's identity secret (data-user-*). */
  readonly identity?: { userId: string; email: string; name?: string; hash: string };
}

const TOKEN_KEY = 'parley.visitorToken';
const ACK_TIMEOUT_MS = 10_000;
const TYPING_RENEW_MS = 3_000;
const TYPING_IDLE_MS = 4_000;

interface Outgoing {
  readonly clientId: string;
  readonly body: string;
  /** The pre-chat form's fields: sent with chat:start. */
  readonly start?: { name?: string; email?: string };
}

export class ChatApp {
  private thread: ThreadMessage[] = [];
  private readonly outbox: Outgoing[] = [];
  private readonly inFlight = new Set<string>();
  private readonly rows = new Map<string, HTMLElement>();
  private chat: ChatDto | null = null;
  private socket: Socket | null = null;
  private token: string | null = null;
  private visible = true;
  private unread = 0;
  private synced = false;
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The pre-chat answers when the form asks no question: sent with the first message from the composer. */
  private startDetails: { name?: string; email?: string } | undefined;
  private departmentPick: HTMLSelectElement | undefined;
  private page: PageContext | undefined;
  /** The pages of the visit before the chat opened (from the loader), told once. */
  private trail: TrailPage[] | undefined;

  private readonly status: HTMLElement;
  private form: HTMLFormElement;
  private readonly conversation: HTMLElement;
  private readonly log: HTMLElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;

  constructor(
    private readonly doc: Document,
    private readonly options: ChatOptions,
  ) {
    const t = options.text;
    const app = doc.createElement('div');
    app.className = 'app';

    const header = el(doc, 'header', 'header');
    const title = el(doc, 'h1', 'title', t.title);
    const minimise = el(doc, 'button', 'minimise') as HTMLButtonElement;
    minimise.type = 'button';
    minimise.setAttribute('aria-label', t.minimise);
    minimise.textContent = '×';
    minimise.addEventListener('click', () => options.notify({ parley: 1, type: 'close' }));
    header.append(title, minimise);

    this.status = el(doc, 'p', 'status', t.connecting);
    this.status.setAttribute('role', 'status');

    // The pre-chat form: shown when the visitor has no chat yet.
    this.form = el(doc, 'form', 'prechat') as HTMLFormElement;
    this.form.hidden = true;
    const intro = el(doc, 'p', 'intro', t.intro);
    const name = field(doc, 'input', 'prechat-name', t.name) as [HTMLLabelElement, HTMLInputElement];
    name[1].autocomplete = 'name';
    name[1].maxLength = 200;
    const email = field(doc, 'input', 'prechat-email', t.email) as [HTMLLabelElement, HTMLInputElement];
    email[1].type = 'email';
    email[1].autocomplete = 'email';
    email[1].maxLength = 254;
    const question = field(doc, 'textarea', 'prechat-question', t.question) as [HTMLLabelElement, HTMLTextAreaElement];
    question[1].required = true;
    question[1].rows = 3;
    const start = el(doc, 'button', 'primary', t.start) as HTMLButtonElement;
    start.type = 'submit';
    this.form.append(intro, ...name, ...email, ...question, start);
    this.page = options.page;
    const asks = applyPrechat(doc, options, { intro, name, email, question, start });
    this.departmentPick = asks.department;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = question[1].value.trim();
      if (asks.question && !body) return;
      const details: { name?: string; email?: string } = {};
      if (name[1].value.trim()) details.name = name[1].value.trim();
      if (email[1].value.trim()) details.email = email[1].value.trim();
      this.showConversation();
      if (body) this.send(body, details);
      else this.startDetails = details;
      this.input.focus();
    });

    // The conversation.
    this.conversation = el(doc, 'section', 'conversation');
    this.conversation.hidden = true;
    this.log = el(doc, 'div', 'log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-label', t.conversation);
    this.log.tabIndex = 0;
    this.composer = el(doc, 'form', 'composer') as HTMLFormElement;
    const [inputLabel, input] = field(doc, 'textarea', 'composer-input', t.message) as [HTMLLabelElement, HTMLTextAreaElement];
    inputLabel.className = 'visually-hidden';
    this.input = input;
    input.rows = 2;
    input.placeholder = t.message;
    const send = el(doc, 'button', 'primary', t.send) as HTMLButtonElement;
    send.type = 'submit';
    this.composer.append(inputLabel, input, send);
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body) return;
      input.value = '';
      this.send(body);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.composer.requestSubmit();
      }
    });
    input.addEventListener('input', () => this.typing(input.value.trim() !== ''));
    this.conversation.append(this.log, this.composer);

    // Escape anywhere in the chat hides it, as it does on the launcher (the host then focuses the launcher).
    doc.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') options.notify({ parley: 1, type: 'close' });
    });
    app.append(header, this.status, this.form, this.conversation);
    doc.body.append(app);
  }

  /** Gets (or renews) the visitor token, then connects to /visitor. */
  async start(): Promise<void> {
    try {
      this.token = await this.issueToken();
    } catch {
      this.setStatus(this.options.text.error);
      return;
    }
    const socket = io('/visitor', {
      transports: ['websocket'],
      auth: (callback) => callback({ token: this.token }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => void this.sync());
    socket.on('disconnect', (reason) => {
      this.setStatus(this.options.text.reconnecting);
      // socket.io reconnects by itself after a lost connection, but not when the server ended it: do it here.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1_000);
    });
    socket.on('connect_error', (error) => {
      this.setStatus(this.options.text.reconnecting);
      // Refused at the handshake (an expired or unknown token): socket.io gives up, so get a new token and retry.
      if (!socket.active) {
        const retry = async (): Promise<void> => {
          if (/token/i.test(error.message)) {
            this.store(null);
            this.token = await this.issueToken().catch(() => this.token);
          }
          socket.connect();
        };
        setTimeout(() => void retry(), 2_000);
      }
    });
    socket.on('chat:message', (message: ServerMessage) => {
      this.merge([message]);
      if (!this.chat || this.conversation.hidden) this.showConversation();
      if (message.from === 'agent' && !this.visible) {
        this.unread += 1;
        this.options.notify({ parley: 1, type: 'unread', count: this.unread });
      }
    });
  }

  /** The host page shows or hides the panel: replies that arrive while hidden count as unread. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.focusFirst();
    if (visible && this.unread > 0) {
      this.unread = 0;
      this.options.notify({ parley: 1, type: 'unread', count: 0 });
    }
  }

  /** The keyboard lands where the visitor will type: the pre-chat form's first field, or the composer. */
  private focusFirst(): void {
    if (!this.form.hidden) this.form.querySelector<HTMLElement>('input, textarea')?.focus();
    else if (!this.conversation.hidden) this.input.focus();
  }

  messages(): readonly ThreadMessage[] {
    return this.thread;
  }

  /** The page the host shows now (a single-page site changed it): told to the agents' view of the visit. */
  reportPage(page: PageContext): void {
    this.page = page;
    void this.reportContext();
  }

  setTrail(pages: TrailPage[]): void {
    this.trail = pages.slice(-20).map((p) => ({
      url: p.url.slice(0, 2000),
      at: p.at,
      ...(p.title ? { title: p.title.slice(0, 500) } : {}),
      ...(p.referrer ? { referrer: p.referrer.slice(0, 2000) } : {}),
    }));
    void this.reportContext();
  }

  private async reportContext(): Promise<void> {
    if (!this.page || !this.socket?.connected) return;
    let timeZone: string | undefined;
    try {
      timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      timeZone = undefined;
    }
    const language = this.doc.defaultView?.navigator.language;
    const trail = this.trail;
    const res = await this.ack('visitor:context', {
      page: this.page,
      ...(language ? { language } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(trail && trail.length > 0 ? { trail } : {}),
    });
    if (res?.ok && this.trail === trail) this.trail = undefined;
  }

  private async issueToken(): Promise<string> {
    const stored = this.load();
    const identity = this.options.identity ? { widgetKey: this.options.widgetKey, identity: this.options.identity } : {};
    let res = await postVisitor(stored, identity);
    if (!res.ok && res.status !== 401 && res.status !== 429 && this.options.identity) {
      // A hash that does not verify: the site's setup is wrong. The visitor chats on, anonymous.
      console.warn('Parley widget: the data-user-hash does not verify (widget/identity_invalid); chatting anonymously.');
      res = await postVisitor(stored, {});
    }
    if (res.status === 401 && stored) res = await postVisitor(null, identity);
    if (!res.ok) throw new Error(`visitor: ${res.status}`);
    const body = (await res.json()) as { token: string };
    this.store(body.token);
    return body.token;
  }

  /** After every connect: what was missed since the newest stored message, then whatever still waits to be sent. */
  private async sync(): Promise<void> {
    const after = lastStoredId(this.thread);
    const res = await this.ack<{ chat: ChatDto | null; messages: ServerMessage[] }>('chat:history', after === undefined ? {} : { afterItemId: after });
    if (!res?.ok) return;
    this.setStatus('');
    void this.reportContext();
    if (res.data.chat) this.chat = res.data.chat;
    this.merge(res.data.messages);
    if (!this.synced) {
      this.synced = true;
      if (this.chat || this.thread.length > 0) this.showConversation();
      else this.showForm();
      if (this.visible) this.focusFirst();
    }
    for (const outgoing of [...this.outbox]) void this.deliver(outgoing);
  }

  private send(body: string, given?: { name?: string; email?: string }): void {
    const start = given ?? this.startDetails;
    this.startDetails = undefined;
    const outgoing: Outgoing = { clientId: newClientId(), body, ...(start || !this.chat ? { start: start ?? {} } : {}) };
    this.outbox.push(outgoing);
    this.thread = addPending(this.thread, outgoing.clientId, body, new Date());
    this.render();
    this.stopTyping();
    void this.deliver(outgoing);
  }

  /** Sends one message with its clientId; retried (same id) after a reconnect until acknowledged. */
  private async deliver(outgoing: Outgoing): Promise<void> {
    if (!this.socket?.connected || this.inFlight.has(outgoing.clientId)) return;
    this.inFlight.add(outgoing.clientId);
    try {
      const res = outgoing.start
        ? await this.ack<{ chat: ChatDto; message: ServerMessage }>('chat:start', {
            clientId: outgoing.clientId,
            message: outgoing.body,
            ...outgoing.start,
            ...(this.chosenDepartment() ? { departmentId: this.chosenDepartment() } : {}),
            ...(this.page ? { page: this.page } : {}),
            ...(this.options.widgetKey ? { widgetKey: this.options.widgetKey } : {}),
          })
        : await this.ack<{ chat: ChatDto; message: ServerMessage }>('chat:message', { clientId: outgoing.clientId, body: outgoing.body });
      if (!res) return; // no answer in time: still pending, sent again (same clientId) on the next connect
      const index = this.outbox.indexOf(outgoing);
      if (res.ok) {
        if (index >= 0) this.outbox.splice(index, 1);
        this.chat = res.data.chat;
        this.merge([{ ...res.data.message, clientId: outgoing.clientId }]);
      } else if (res.error.code === 'chat/not_started' && !outgoing.start && index >= 0) {
        this.outbox[index] = { ...outgoing, start: {} };
        this.inFlight.delete(outgoing.clientId);
        await this.deliver(this.outbox[index]!);
      } else {
        if (index >= 0) this.outbox.splice(index, 1);
        this.thread = setPendingState(this.thread, outgoing.clientId, 'failed');
        this.render();
      }
    } finally {
      this.inFlight.delete(outgoing.clientId);
    }
  }

  private typing(active: boolean): void {
    if (!this.chat || !this.socket?.connected) return;
    clearTimeout(this.typingTimer);
    if (!active) {
      this.stopTyping();
      return;
    }
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_RENEW_MS) {
      this.typingSentAt = now;
      this.socket.emit('chat:typing', { typing: true }, () => undefined);
    }
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (this.typingSentAt === 0) return;
    this.typingSentAt = 0;
    if (this.chat && this.socket?.connected) this.socket.emit('chat:typing', { typing: false }, () => undefined);
  }

  /** An acknowledged command, or undefined when no answer came in time (or the socket is down). */
  private ack<T>(event: string, payload: unknown): Promise<Ack<T> | undefined> {
    const socket = this.socket;
    if (!socket) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null, res: Ack<T>) => resolve(error ? undefined : res));
    });
  }

  private merge(messages: readonly ServerMessage[]): void {
    if (messages.length === 0) return;
    this.thread = mergeMessages(this.thread, messages);
    this.render();
  }

  private chosenDepartment(): number | undefined {
    return this.departmentPick?.value ? Number(this.departmentPick.value) : this.options.departmentId;
  }

  /** The pre-chat form, or (nobody can chat) the offline form in its place. */
  private showForm(): void {
    this.conversation.hidden = true;
    if (!canChat(this.options.config, this.options.departmentId) && this.options.forms) {
      const offline = buildOfflineForm(this.doc, {
        text: this.options.forms,
        ...(this.options.widgetKey ? { widgetKey: this.options.widgetKey } : {}),
        ...(this.options.departmentId !== undefined ? { departmentId: this.options.departmentId } : {}),
      });
      this.form.replaceWith(offline);
      this.form = offline;
    }
    this.form.hidden = false;
  }

  private showConversation(): void {
    this.form.hidden = true;
    this.conversation.hidden = false;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
    this.status.hidden = text === '';
  }

  /** Updates the message list in place (keyed rows), so a screen reader hears only what is new. */
  private render(): void {
    const t = this.options.text;
    const seen = new Set<string>();
    this.thread.forEach((message, index) => {
      const key = message.clientId ? `c:${message.clientId}` : `m:${message.id}`;
      seen.add(key);
      let row = this.rows.get(key);
      const state = `${message.from}|${message.state}|${message.body}|${message.authorName ?? ''}`;
      if (!row) {
        row = this.doc.createElement('div');
        this.rows.set(key, row);
      }
      if (row.dataset.state !== state) {
        row.dataset.state = state;
        row.className = `msg msg--${message.from}${message.state === 'sent' ? '' : ` msg--${message.state}`}`;
        const author = el(this.doc, 'span', 'author', message.from === 'customer' ? t.you : (message.authorName ?? t.agent));
        const body = el(this.doc, 'p', 'body');
        body.append(renderBody(this.doc, message.body));
        row.replaceChildren(author, body);
        if (message.state !== 'sent') row.append(el(this.doc, 'span', 'state', message.state === 'pending' ? t.pending : t.failed));
      }
      if (this.log.children[index] !== row) this.log.insertBefore(row, this.log.children[index] ?? null);
    });
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.remove();
        this.rows.delete(key);
      }
    }
    this.log.scrollTop = this.log.scrollHeight;
  }

  private load(): string | null {
    try {
      return this.options.storage?.getItem(TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private store(token: string | null): void {
    try {
      if (token) this.options.storage?.setItem(TOKEN_KEY, token);
      else this.options.storage?.removeItem(TOKEN_KEY);
    } catch {
      // Storage blocked (some privacy settings): the chat still works, only not across reloads.
    }
  }
}

/**
 * Applies the widget's settings to the pre-chat form: its greeting, which of name and email it asks (and
 * whether they are required), whether it asks the first question, and the department picker. Returns what the
 * form asks.
 */
function applyPrechat(
  doc: Document,
  options: ChatOptions,
  form: { intro: HTMLElement; name: [HTMLLabelElement, HTMLInputElement]; email: [HTMLLabelElement, HTMLInputElement]; question: [HTMLLabelElement, HTMLTextAreaElement]; start: HTMLElement },
): { question: boolean; department?: HTMLSelectElement } {
  const config = options.config;
  if (!config) return { question: true };
  if (config.greeting) form.intro.textContent = config.greeting;
  for (const [mode, [label, input]] of [[config.prechat.name, form.name], [config.prechat.email, form.email]] as const) {
    label.hidden = mode === 'off';
    input.hidden = mode === 'off';
    input.required = mode === 'required';
    if (mode === 'required' && options.forms) label.append(` (${options.forms.required})`);
  }
  form.question[0].hidden = !config.prechat.question;
  form.question[1].hidden = !config.prechat.question;
  form.question[1].required = config.prechat.question;
  const offered = config.departments.filter((d) => d.online);
  if (!config.departmentChoice || offered.length < 2 || !options.forms) return { question: config.prechat.question };
  const [label, select] = control(doc, 'select', 'prechat-department', options.forms.department) as [HTMLLabelElement, HTMLSelectElement];
  for (const department of offered) {
    const option = doc.createElement('option');
    option.value = String(department.id);
    option.textContent = department.name;
    select.append(option);
  }
  form.start.before(label, select);
  return { question: config.prechat.question, department: select };
}

function postVisitor(token: string | null, identity: { widgetKey?: string | undefined; identity?: ChatOptions['identity'] }): Promise<Response> {
  return fetch('/api/v1/widget/visitors', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(token ? { token } : {}), ...identity }),
    credentials: 'omit',
  });
}

function el(doc: Document, tag: string, className: string, text?: string): HTMLElement {
  const element = doc.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function field(doc: Document, tag: 'input' | 'textarea', id: string, label: string): [HTMLLabelElement, HTMLInputElement | HTMLTextAreaElement] {
  const labelElement = doc.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  const control = doc.createElement(tag);
  control.id = id;
  control.name = id;
  return [labelElement, control];
}
