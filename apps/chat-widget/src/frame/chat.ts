/**
 * The chat UI inside the frame (served by the Parley server, so its socket passes the Origin check). Plain
 * DOM and socket.io-client: it loads only when the visitor first opens the launcher.
 */
import { io, type Socket } from 'socket.io-client';
import type { FrameToHost } from '../bridge';
import type { TrailPage } from '../loader/trail';
import type { ChatMessages } from '../i18n/chat-messages';
import { avatarColour, initials } from './avatar';
import { bodyForFiles, fill, isThumbnail, uploadProblem } from './files';
import type { FormMessages } from '../i18n/form-messages';
import { buildOfflineForm, control } from './offline-form';
import { canChat, type FrameConfig } from './widget-config';
import { renderBody } from './linkify';
import { routingLine, type VisitorChatState } from './routing-state';
import {
  addPending,
  lastStoredId,
  type MessageFile,
  mergeMessages,
  newClientId,
  newestAgentId,
  ownReceipt,
  type ServerMessage,
  setPendingState,
  type ThreadMessage,
} from './thread';

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
  /** The visitor's language: sizes are formatted in it and the transcript is written in it. */
  readonly locale?: string;
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
/** The pre-chat form's email, kept to prefill the transcript address when the visitor ends the chat (after reloads too). */
const EMAIL_KEY = 'parley.visitorEmail';
const ACK_TIMEOUT_MS = 10_000;
const TYPING_RENEW_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
/** An agent's "typing" goes away unless renewed within this time (the console renews it while keys are pressed). */
const AGENT_TYPING_LAPSE_MS = 6_000;
const MAX_FILES_PER_MESSAGE = 10;

/** What the server tells the widget with its token: what this help desk offers. */
interface SessionFeatures {
  transcriptByEmail: boolean;
  maxUploadBytes: number;
}

interface Outgoing {
  readonly clientId: string;
  readonly body: string;
  /** The pre-chat form's fields: sent with chat:start. */
  readonly start?: { name?: string; email?: string };
  /** Files uploaded for this message. */
  readonly files: readonly MessageFile[];
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
  private chatState: VisitorChatState | null = null;
  private waitTimer: ReturnType<typeof setInterval> | undefined;
  /** The pre-chat answers when the form asks no question: sent with the first message from the composer. */
  private startDetails: { name?: string; email?: string } | undefined;
  private departmentPick: HTMLSelectElement | undefined;
  private page: PageContext | undefined;
  /** The pages of the visit before the chat opened (from the loader), told once. */
  private trail: TrailPage[] | undefined;
  private agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private features: SessionFeatures = { transcriptByEmail: false, maxUploadBytes: 0 };
  /** How far an agent has seen the visitor's messages (the "Seen" receipt). */
  private agentSeenUpTo: number | null = null;
  /** The newest agent message already reported as received / seen, so each receipt is sent once. */
  private reportedReceived = 0;
  private reportedSeen = 0;
  /** Files uploaded and waiting to go with the next message. */
  private files: MessageFile[] = [];
  private uploads = 0;
  /** Object URLs of downloaded files, by attachment id (the file needs the token, so it is fetched, not linked). */
  private readonly blobs = new Map<string, Promise<string>>();
  private email = '';

  private readonly status: HTMLElement;
  /** The wait for an agent (with its counter) or who joined; above the messages. */
  private readonly routing: HTMLElement;
  private readonly routingText: HTMLElement;
  private readonly routingTime: HTMLElement;
  private form: HTMLFormElement;
  private readonly conversation: HTMLElement;
  private readonly log: HTMLElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly typingLine: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly fileList: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly endButton: HTMLButtonElement;
  private readonly endForm: HTMLFormElement;
  private readonly endTranscript: HTMLInputElement;
  private readonly endEmail: HTMLInputElement;
  private readonly endTranscriptFields: HTMLElement;
  private readonly endedNotice: HTMLElement;

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
    this.endButton = el(doc, 'button', 'end', t.endChat) as HTMLButtonElement;
    this.endButton.type = 'button';
    this.endButton.hidden = true;
    this.endButton.addEventListener('click', () => this.askToEnd());
    const actions = el(doc, 'div', 'actions');
    actions.append(this.endButton, minimise);
    header.append(title, actions);

    this.status = el(doc, 'p', 'status', t.connecting);
    this.status.setAttribute('role', 'status');

    // The pre-chat form: shown when the visitor has no chat yet.
    this.form = el(doc, 'form', 'prechat') as HTMLFormElement;
    this.form.hidden = true;
    // After the visitor ended a chat the form comes back, with a word about the chat that ended.
    this.endedNotice = el(doc, 'p', 'ended');
    this.endedNotice.setAttribute('role', 'status');
    this.endedNotice.hidden = true;
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
    this.form.append(this.endedNotice, intro, ...name, ...email, ...question, start);
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
      if (details.email) this.rememberEmail(details.email);
      question[1].value = '';
      this.endedNotice.hidden = true;
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
    // Announced when its line changes (waiting, who joined); the counter ticking every second is not read out.
    this.routing = el(doc, 'p', 'routing');
    this.routing.setAttribute('role', 'status');
    this.routing.hidden = true;
    this.routingText = el(doc, 'span', 'routing__text');
    this.routingTime = el(doc, 'span', 'routing__time');
    this.routingTime.setAttribute('aria-hidden', 'true');
    this.routing.append(this.routingText, this.routingTime);
    this.composer = el(doc, 'form', 'composer') as HTMLFormElement;
    const [inputLabel, input] = field(doc, 'textarea', 'composer-input', t.message) as [HTMLLabelElement, HTMLTextAreaElement];
    inputLabel.className = 'visually-hidden';
    this.input = input;
    input.rows = 2;
    input.placeholder = t.message;
    const send = el(doc, 'button', 'primary', t.send) as HTMLButtonElement;
    send.type = 'submit';
    // Files: a hidden input behind a labelled button; each file is uploaded at once and sent with the next message.
    this.fileInput = doc.createElement('input');
    this.fileInput.type = 'file';
    this.fileInput.multiple = true;
    this.fileInput.hidden = true;
    this.fileInput.accept = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,.doc,.docx,.xls,.xlsx,.odt,.ods';
    this.fileInput.addEventListener('change', () => {
      const chosen = [...(this.fileInput.files ?? [])];
      this.fileInput.value = '';
      for (const file of chosen) void this.upload(file);
    });
    const attach = el(doc, 'button', 'attach') as HTMLButtonElement;
    attach.type = 'button';
    attach.setAttribute('aria-label', t.attach);
    attach.title = t.attach;
    attach.append(paperclip(doc));
    attach.addEventListener('click', () => this.fileInput.click());
    this.composer.append(inputLabel, attach, this.fileInput, input, send);
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body && this.files.length === 0) return;
      if (this.uploads > 0) return; // wait for the files still uploading
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
    this.typingLine = el(doc, 'p', 'typing');
    this.typingLine.setAttribute('aria-live', 'polite');
    this.typingLine.hidden = true;
    this.notice = el(doc, 'p', 'notice');
    this.notice.setAttribute('role', 'alert');
    this.notice.hidden = true;
    this.fileList = el(doc, 'ul', 'files');
    this.fileList.setAttribute('aria-label', t.attach);
    this.fileList.hidden = true;

    // Ending the chat: a confirm step, offering the transcript by email when this help desk can send it.
    this.endForm = el(doc, 'form', 'end-confirm') as HTMLFormElement;
    this.endForm.hidden = true;
    const endQuestion = el(doc, 'p', 'end-question', t.endQuestion);
    this.endTranscriptFields = el(doc, 'div', 'end-transcript');
    this.endTranscript = doc.createElement('input');
    this.endTranscript.type = 'checkbox';
    this.endTranscript.id = 'end-transcript';
    const transcriptLabel = doc.createElement('label');
    transcriptLabel.htmlFor = 'end-transcript';
    transcriptLabel.className = 'check';
    transcriptLabel.prepend(this.endTranscript, doc.createTextNode(` ${t.endTranscript}`));
    const [emailLabel, endEmail] = field(doc, 'input', 'end-email', t.endTranscriptEmail) as [HTMLLabelElement, HTMLInputElement];
    this.endEmail = endEmail;
    endEmail.type = 'email';
    endEmail.autocomplete = 'email';
    endEmail.maxLength = 254;
    this.endTranscript.addEventListener('change', () => {
      endEmail.disabled = !this.endTranscript.checked;
      endEmail.required = this.endTranscript.checked;
    });
    this.endTranscriptFields.append(transcriptLabel, emailLabel, endEmail);
    const endButtons = el(doc, 'div', 'end-buttons');
    const confirmEnd = el(doc, 'button', 'primary', t.endConfirm) as HTMLButtonElement;
    confirmEnd.type = 'submit';
    const cancelEnd = el(doc, 'button', 'secondary', t.cancel) as HTMLButtonElement;
    cancelEnd.type = 'button';
    cancelEnd.addEventListener('click', () => this.closeEndForm());
    endButtons.append(confirmEnd, cancelEnd);
    this.endForm.append(endQuestion, this.endTranscriptFields, endButtons);
    this.endForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.end();
    });
    this.conversation.append(this.routing, this.log, this.typingLine, this.endForm, this.notice, this.fileList, this.composer);

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
    socket.on('chat:state', (state: VisitorChatState) => this.setChatState(state));
    socket.on('chat:agent_typing', ({ typing, name }: { typing: boolean; name: string }) => this.showAgentTyping(typing ? name : null));
    socket.on('chat:agent_seen', ({ upToItemId }: { upToItemId: number }) => {
      this.agentSeenUpTo = Math.max(this.agentSeenUpTo ?? 0, upToItemId);
      this.render();
    });
    socket.on('chat:ended', () => this.ended(false));
    this.doc.addEventListener('visibilitychange', () => this.reportReceipts());
    socket.on('chat:message', (message: ServerMessage) => {
      if (message.from === 'agent') this.showAgentTyping(null);
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
    if (visible) this.reportReceipts();
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
    const body = (await res.json()) as { token: string } & Partial<SessionFeatures>;
    this.features = { transcriptByEmail: body.transcriptByEmail === true, maxUploadBytes: body.maxUploadBytes ?? 0 };
    this.store(body.token);
    return body.token;
  }

  /** After every connect: what was missed since the newest stored message, then whatever still waits to be sent. */
  private async sync(): Promise<void> {
    const after = lastStoredId(this.thread);
    const res = await this.ack<{ chat: ChatDto | null; messages: ServerMessage[]; agentSeenUpToItemId?: number | null; state?: VisitorChatState | null }>(
      'chat:history',
      after === undefined ? {} : { afterItemId: after },
    );
    if (!res?.ok) return;
    this.setStatus('');
    void this.reportContext();
    if (res.data.chat) this.chat = res.data.chat;
    if (res.data.state) this.setChatState(res.data.state);
    if (typeof res.data.agentSeenUpToItemId === 'number') this.agentSeenUpTo = Math.max(this.agentSeenUpTo ?? 0, res.data.agentSeenUpToItemId);
    this.merge(res.data.messages);
    if (!this.synced) {
      this.synced = true;
      if (this.chat || this.thread.length > 0) this.showConversation();
      else this.showForm();
      if (this.visible) this.focusFirst();
    }
    for (const outgoing of [...this.outbox]) void this.deliver(outgoing);
  }

  private send(text: string, given?: { name?: string; email?: string }): void {
    const start = given ?? this.startDetails;
    this.startDetails = undefined;
    const files = start ? [] : this.files;
    const body = bodyForFiles(text, files);
    const outgoing: Outgoing = { clientId: newClientId(), body, files, ...(start || !this.chat ? { start: start ?? {} } : {}) };
    this.files = [];
    this.renderFiles();
    this.outbox.push(outgoing);
    this.thread = addPending(this.thread, outgoing.clientId, body, new Date(), files);
    this.endButton.hidden = false;
    this.render();
    this.stopTyping();
    void this.deliver(outgoing);
  }

  /** Sends one message with its clientId; retried (same id) after a reconnect until acknowledged. */
  private async deliver(outgoing: Outgoing): Promise<void> {
    if (!this.socket?.connected || this.inFlight.has(outgoing.clientId)) return;
    this.inFlight.add(outgoing.clientId);
    const attachmentIds = outgoing.files.length > 0 ? { attachmentIds: outgoing.files.map((f) => f.id) } : {};
    try {
      const res = outgoing.start
        ? await this.ack<{ chat: ChatDto; message: ServerMessage }>('chat:start', {
            clientId: outgoing.clientId,
            message: outgoing.body,
            ...outgoing.start,
            ...(this.chosenDepartment() ? { departmentId: this.chosenDepartment() } : {}),
            ...(this.page ? { page: this.page } : {}),
            ...(this.options.widgetKey ? { widgetKey: this.options.widgetKey } : {}),
            ...attachmentIds,
          })
        : await this.ack<{ chat: ChatDto; message: ServerMessage }>('chat:message', { clientId: outgoing.clientId, body: outgoing.body, ...attachmentIds });
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
    this.reportReceipts();
  }

  /**
   * Tells the server what the widget has received (always) and what the visitor has seen (only while the
   * panel is open and the page is in view): the agents' console shows "Delivered" and "Seen" from these.
   */
  private reportReceipts(): void {
    const newest = newestAgentId(this.thread);
    if (newest === undefined || !this.socket?.connected) return;
    const inView = this.visible && this.doc.visibilityState !== 'hidden' && !this.conversation.hidden;
    if (inView && newest > this.reportedSeen) {
      this.reportedSeen = newest;
      this.reportedReceived = Math.max(this.reportedReceived, newest);
      this.socket.emit('chat:seen', { upToItemId: newest }, () => undefined);
    } else if (newest > this.reportedReceived) {
      this.reportedReceived = newest;
      this.socket.emit('chat:received', { upToItemId: newest }, () => undefined);
    }
  }

  /** "Sam is typing…" under the conversation, until the agent stops, sends, or does not renew it in time. */
  private showAgentTyping(name: string | null): void {
    clearTimeout(this.agentTypingTimer);
    this.typingLine.hidden = name === null;
    this.typingLine.textContent = name === null ? '' : fill(this.options.text.agentTyping, { name });
    if (name !== null) this.agentTypingTimer = setTimeout(() => this.showAgentTyping(null), AGENT_TYPING_LAPSE_MS);
  }

  private showNotice(text: string | null): void {
    this.notice.textContent = text ?? '';
    this.notice.hidden = text === null;
  }

  /** Uploads one file for the next message; a refusal (too large, a type we do not take) is said in the visitor's language. */
  private async upload(file: File): Promise<void> {
    const t = this.options.text;
    const locale = this.options.locale ?? 'en';
    const max = this.features.maxUploadBytes;
    const tooLarge = max > 0 ? uploadProblem(t, locale, max, { size: file.size }) : null;
    if (tooLarge || this.files.length + this.uploads >= MAX_FILES_PER_MESSAGE) {
      this.showNotice(tooLarge ?? t.fileFailed);
      return;
    }
    this.showNotice(null);
    this.uploads += 1;
    this.renderFiles();
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await fetch('/api/v1/widget/attachments', { method: 'POST', body: form, headers: { authorization: `Bearer ${this.token ?? ''}` }, credentials: 'omit' });
      const body = (await res.json().catch(() => null)) as (MessageFile & { error?: { code?: string } }) | null;
      if (res.ok && body) this.files.push(body);
      else this.showNotice(uploadProblem(t, locale, max, { code: body?.error?.code ?? 'server/internal' }));
    } catch {
      this.showNotice(t.fileFailed);
    } finally {
      this.uploads -= 1;
      this.renderFiles();
    }
  }

  /** The files waiting for the next message, each removable; "Uploading…" while some are on their way. */
  private renderFiles(): void {
    const t = this.options.text;
    const items = this.files.map((file) => {
      const li = el(this.doc, 'li', 'file-chip');
      const name = el(this.doc, 'span', 'file-name', file.filename);
      const remove = el(this.doc, 'button', 'file-remove', '×') as HTMLButtonElement;
      remove.type = 'button';
      remove.setAttribute('aria-label', fill(t.removeFile, { name: file.filename }));
      remove.addEventListener('click', () => {
        this.files = this.files.filter((f) => f.id !== file.id);
        this.renderFiles();
      });
      li.append(name, remove);
      return li;
    });
    if (this.uploads > 0) items.push(el(this.doc, 'li', 'file-chip file-chip--uploading', t.uploading));
    this.fileList.replaceChildren(...items);
    this.fileList.hidden = items.length === 0;
  }

  /** A file of a message: the visitor's token is needed to fetch it, so it becomes an object URL once. */
  private fileUrl(file: MessageFile): Promise<string> {
    let url = this.blobs.get(file.id);
    if (!url) {
      url = fetch(file.url, { headers: { authorization: `Bearer ${this.token ?? ''}` }, credentials: 'omit' }).then(async (res) => {
        if (!res.ok) throw new Error(`file: ${res.status}`);
        return URL.createObjectURL(await res.blob());
      });
      url.catch(() => this.blobs.delete(file.id));
      this.blobs.set(file.id, url);
    }
    return url;
  }

  /** Pictures as thumbnails, other files as download links. */
  private renderFile(file: MessageFile): HTMLElement {
    const t = this.options.text;
    const link = this.doc.createElement('a');
    link.className = isThumbnail(file.contentType) ? 'file file--image' : 'file';
    link.href = '#';
    link.download = file.filename;
    link.setAttribute('aria-label', fill(t.download, { name: file.filename }));
    if (isThumbnail(file.contentType)) {
      const img = this.doc.createElement('img');
      img.alt = file.filename;
      img.className = 'thumb';
      link.append(img);
      void this.fileUrl(file).then(
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
      void this.fileUrl(file).then((url) => {
        link.href = url;
        link.click();
      }, () => this.showNotice(t.fileFailed));
    });
    return link;
  }

  private askToEnd(): void {
    if (!this.email) this.email = this.load(EMAIL_KEY) ?? '';
    this.endTranscriptFields.hidden = !this.features.transcriptByEmail;
    this.endEmail.value = this.email;
    this.endTranscript.checked = this.features.transcriptByEmail && this.email !== '';
    this.endEmail.disabled = !this.endTranscript.checked;
    this.endEmail.required = this.endTranscript.checked;
    this.endForm.hidden = false;
    this.composer.hidden = true;
    (this.endTranscript.checked ? this.endEmail : this.endForm.querySelector<HTMLElement>('button[type="submit"]'))?.focus();
  }

  private closeEndForm(): void {
    this.endForm.hidden = true;
    this.composer.hidden = false;
    this.input.focus();
  }

  /** chat:end, with the transcript when asked for; the panel then offers a new chat. */
  private async end(): Promise<void> {
    const transcript = this.features.transcriptByEmail && this.endTranscript.checked && this.endEmail.value.trim() !== '';
    const res = await this.ack<{ number: string; transcriptQueued: boolean }>('chat:end', {
      ...(transcript ? { transcriptEmail: this.endEmail.value.trim() } : {}),
      ...(this.options.locale ? { locale: this.options.locale } : {}),
      ...visitorTimeZone(),
    });
    if (!res?.ok) {
      this.showNotice(this.options.text.error);
      return;
    }
    if (transcript) this.rememberEmail(this.endEmail.value.trim());
    this.ended(res.data.transcriptQueued);
  }

  /** The chat is over (here or in another tab): the thread is cleared and the pre-chat form offers a new one. */
  private ended(transcriptQueued: boolean): void {
    const t = this.options.text;
    this.stopTyping();
    this.showAgentTyping(null);
    this.showNotice(null);
    this.chat = null;
    this.thread = [];
    this.outbox.length = 0;
    this.agentSeenUpTo = null;
    this.reportedReceived = 0;
    this.reportedSeen = 0;
    this.setChatState(null);
    this.files = [];
    this.renderFiles();
    this.render();
    this.endForm.hidden = true;
    this.composer.hidden = false;
    this.endButton.hidden = true;
    this.endedNotice.textContent = transcriptQueued ? `${t.ended} ${t.endedTranscript}` : t.ended;
    this.endedNotice.hidden = false;
    this.showForm();
    if (this.visible) this.focusFirst();
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
    this.endButton.hidden = true;
  }

  private showConversation(): void {
    this.form.hidden = true;
    this.conversation.hidden = false;
    this.endButton.hidden = !this.chat && this.thread.length === 0;
    this.reportReceipts();
  }

  /** Routing told us where the chat stands: the wait counter runs only while the visitor waits. */
  private setChatState(state: VisitorChatState | null): void {
    this.chatState = state;
    clearInterval(this.waitTimer);
    this.waitTimer = state?.phase === 'waiting' ? setInterval(() => this.renderRouting(), 1_000) : undefined;
    this.renderRouting();
  }

  private renderRouting(): void {
    const shown = routingLine(this.chatState, this.options.text, Date.now());
    this.routing.hidden = shown === null;
    if (!shown) return;
    if (this.routingText.textContent !== shown.line) this.routingText.textContent = shown.line;
    this.routingTime.textContent = shown.time ?? '';
    this.routing.dataset.phase = this.chatState?.phase ?? '';
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
    this.status.hidden = text === '';
  }

  /** Updates the message list in place (keyed rows), so a screen reader hears only what is new. */
  private render(): void {
    const t = this.options.text;
    const seen = new Set<string>();
    const receipt = ownReceipt(this.thread, this.agentSeenUpTo);
    this.thread.forEach((message, index) => {
      const key = message.clientId ? `c:${message.clientId}` : `m:${message.id}`;
      seen.add(key);
      let row = this.rows.get(key);
      const label = receipt && message.id === receipt.id ? receipt.label : '';
      const files = message.attachments.map((f) => f.id).join(',');
      const state = `${message.from}|${message.state}|${message.body}|${message.authorName ?? ''}|${label}|${files}`;
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
        const head = el(this.doc, 'div', 'head');
        if (message.from === 'agent' && message.authorName) {
          // Decorative: the name beside it is what a screen reader reads.
          const avatar = el(this.doc, 'span', 'avatar', initials(message.authorName));
          avatar.setAttribute('aria-hidden', 'true');
          avatar.style.background = avatarColour(message.authorName);
          head.append(avatar);
        }
        head.append(author);
        row.replaceChildren(head, body);
        if (message.attachments.length > 0) {
          const list = el(this.doc, 'div', 'attachments');
          list.append(...message.attachments.map((file) => this.renderFile(file)));
          row.append(list);
        }
        if (message.state !== 'sent') row.append(el(this.doc, 'span', 'state', message.state === 'pending' ? t.pending : t.failed));
        else if (label) row.append(el(this.doc, 'span', `state state--${label}`, label === 'seen' ? t.seen : t.delivered));
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

  private load(key = TOKEN_KEY): string | null {
    try {
      return this.options.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private rememberEmail(email: string): void {
    this.email = email;
    try {
      this.options.storage?.setItem(EMAIL_KEY, email);
    } catch {
      // Storage blocked: the address is still prefilled until the frame closes.
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

/** The visitor's time zone, so the transcript's times read as their clock did. */
function visitorTimeZone(): { timeZone?: string } {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone) ? { timeZone: zone } : {};
  } catch {
    return {};
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
