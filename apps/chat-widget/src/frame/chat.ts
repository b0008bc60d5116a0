/**
 * The chat UI inside the frame (served by the Parley server, so its socket passes the Origin check). Plain
 * DOM and socket.io-client: it loads only when the visitor first opens the launcher. This puts the parts
 * together: who the visitor is (visitor-session), the socket (connection), the chat's state (thread-state),
 * and the pieces of the page (pre-chat form, messages, composer and uploads, the end step and the rating after it).
 */
import type { Ack, VisitorCommandName, VisitorCommandPayload, VisitorChatStateDto, VisitorCommandResult, VisitorIdentity, VisitorMessageDto, VisitorPage, VisitorTrailPage, WidgetConfigDto } from '@parley/protocol';
import type { FrameToHost } from '../bridge';
import type { ChatMessages } from '../i18n/chat-messages';
import type { FormMessages } from '../i18n/form-messages';
import type { HelpMessages } from '../i18n/help-messages';
import type { Locale } from '../i18n/messages';
import type { RatingMessages } from '../i18n/rating-messages';
import { Composer } from './composer';
import { Connection } from './connection';
import { button, el } from './dom';
import { EndForm } from './end-form';
import { bodyForFiles } from './files';
import { HelpTab } from './help-tab';
import { MessageList } from './message-list';
import { buildOfflineForm } from './offline-form';
import { buildPrechatForm } from './prechat-form';
import { RatingPrompt } from './rating-prompt';
import { RoutingBanner } from './routing-banner';
import { newClientId, type ThreadMessage } from './thread';
import { type Outgoing, type StartDetails, ThreadState } from './thread-state';
import { AgentTypingLine, OwnTyping } from './typing';
import { Uploads } from './uploads';
import { currentTimeZone, transcriptTimeZone, VisitContext } from './visit-context';
import type { KeyValueStore } from './host-storage';
import { VisitorSession } from './visitor-session';
import { canChat } from './widget-config';

export interface ChatOptions {
  readonly text: ChatMessages;
  /** The visitor's language: sizes are formatted in it and the transcript is written in it. */
  readonly locale?: Locale;
  readonly departmentId?: number;
  readonly page?: VisitorPage;
  /** Tells the host page (through the bridge) about unread replies and close requests. */
  readonly notify: (message: FrameToHost) => void;
  readonly storage?: KeyValueStore | null;
  /** The widget's settings (greeting, pre-chat fields, departments, online); undefined: the defaults. */
  readonly config?: WidgetConfigDto;
  readonly forms?: FormMessages;
  /** The rating prompt's words; without them no rating is asked after a chat. */
  readonly rating?: RatingMessages;
  readonly widgetKey?: string;
  /** The site's user, signed with the widget's identity secret (data-user-*). */
  readonly identity?: VisitorIdentity;
  /** The Help tab's words; without them the frame is the chat alone (no articles, no suggestions). */
  readonly help?: HelpMessages;
}

export class ChatApp {
  readonly #thread = new ThreadState();
  readonly #session: VisitorSession;
  readonly #uploads: Uploads;
  readonly #typing: OwnTyping;
  #connection: Connection | null = null;
  #visible = true;
  #unread = 0;
  /** The pre-chat answers when the form asks no question: sent with the first message from the composer. */
  #startDetails: StartDetails | undefined;
  readonly #departmentPick: HTMLSelectElement | undefined;
  readonly #visit: VisitContext;

  readonly #status: HTMLElement;
  /** The pre-chat form, or the offline form in its place when nobody can chat. */
  #form: HTMLFormElement;
  readonly #endedNotice: HTMLElement;
  readonly #conversation: HTMLElement;
  readonly #routing: RoutingBanner;
  readonly #list: MessageList;
  readonly #composer: Composer;
  readonly #agentTyping: AgentTypingLine;
  readonly #notice: HTMLElement;
  readonly #endButton: HTMLButtonElement;
  readonly #endForm: EndForm;
  /** After the visitor ends an answered chat: how was it? (only when the end's answer carries a survey). */
  readonly #rating: RatingPrompt | undefined;
  /** The articles beside the chat, and suggestions under the first message. */
  readonly #help: HelpTab | undefined;
  readonly #doc: Document;
  readonly #options: ChatOptions;

  constructor(doc: Document, options: ChatOptions) {
    this.#doc = doc;
    this.#options = options;
    const t = options.text;
    this.#session = new VisitorSession({ storage: options.storage, widgetKey: options.widgetKey, identity: options.identity });
    this.#uploads = new Uploads({
      text: t,
      locale: options.locale ?? 'en',
      session: this.#session,
      changed: () => this.#composer.renderFiles(),
      notice: (text) => this.#showNotice(text),
    });
    this.#typing = new OwnTyping(
      (typing) => this.#connection?.tell('chat:typing', { typing }),
      () => this.#thread.chat !== null && this.#connection?.connected === true,
    );
    const app = doc.createElement('div');
    app.className = 'app';

    const header = el(doc, 'header', 'header');
    const title = el(doc, 'h1', 'title', t.title);
    const minimise = button(doc, 'minimise', '×', 'button');
    minimise.setAttribute('aria-label', t.minimise);
    minimise.addEventListener('click', () => options.notify({ parley: 1, type: 'close' }));
    this.#endButton = button(doc, 'end', t.endChat, 'button');
    this.#endButton.hidden = true;
    this.#endButton.addEventListener('click', () => this.#askToEnd());
    const actions = el(doc, 'div', 'actions');
    actions.append(this.#endButton, minimise);
    header.append(title, actions);

    this.#status = el(doc, 'p', 'status', t.connecting);
    this.#status.setAttribute('role', 'status');

    const prechat = buildPrechatForm(doc, options, (question, details) => this.#begin(question, details));
    this.#form = prechat.form;
    this.#endedNotice = prechat.endedNotice;
    this.#departmentPick = prechat.department;
    this.#visit = new VisitContext(options.page);

    this.#conversation = el(doc, 'section', 'conversation');
    this.#conversation.hidden = true;
    this.#list = new MessageList(doc, { text: t, session: this.#session, failed: () => this.#showNotice(t.fileFailed) });
    this.#routing = new RoutingBanner(doc, t);
    this.#composer = new Composer(doc, t, this.#uploads, { send: (body) => this.#send(body), typing: (active) => this.#typing.input(active) });
    this.#agentTyping = new AgentTypingLine(el(doc, 'p', 'typing'), t.agentTyping);
    this.#notice = el(doc, 'p', 'notice');
    this.#notice.setAttribute('role', 'alert');
    this.#notice.hidden = true;
    this.#endForm = new EndForm(doc, t, { confirm: () => void this.#end(), cancel: () => this.#closeEndForm() });
    this.#conversation.append(this.#routing.element, this.#list.element, this.#agentTyping.element, this.#endForm.element, this.#notice, this.#composer.fileList, this.#composer.element);

    this.#rating = options.rating ? new RatingPrompt(doc, { text: options.rating, skipped: () => this.#focusFirst() }) : undefined;

    // Escape anywhere in the chat hides it, as it does on the launcher (the host then focuses the launcher).
    doc.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') options.notify({ parley: 1, type: 'close' });
    });
    const chatPanel = el(doc, 'div', 'panel');
    chatPanel.append(this.#status, ...(this.#rating ? [this.#rating.element] : []), this.#form, this.#conversation);
    this.#help = options.help
      ? new HelpTab(doc, {
          text: options.help,
          locale: options.locale ?? 'en',
          chatPanel,
          toChat: () => this.#focusFirst(),
          verifiedToken: () => (this.#session.verified ? this.#session.token : null),
        })
      : undefined;
    if (this.#help) {
      // Suggestions while the first message is written: in the pre-chat form, or in the composer when the form asks no question.
      const first = () => !this.#thread.hasConversation;
      prechat.question.after(this.#help.suggest(prechat.question, first).element);
      this.#composer.element.before(this.#help.suggest(this.#composer.input, first).element);
    }
    app.append(header, ...(this.#help ? [this.#help.tabs.element, chatPanel, this.#help.panel] : [chatPanel]));
    doc.body.append(app);
  }

  /** Gets (or renews) the visitor token, then connects to /visitor. */
  async start(): Promise<void> {
    try {
      await this.#session.issue();
    } catch {
      this.#setStatus(this.#options.text.error);
      return;
    }
    const connection = new Connection(this.#session, {
      connected: () => void this.#sync(),
      lost: () => this.#setStatus(this.#options.text.reconnecting),
    });
    this.#connection = connection;
    connection.on('chat:state', (state) => this.#followState(state));
    connection.on('chat:agent_typing', ({ typing, name }) => this.#agentTyping.show(typing ? name : null));
    connection.on('chat:agent_seen', ({ upToItemId }) => {
      this.#thread.seenByAgent(upToItemId);
      this.#render();
    });
    connection.on('chat:ended', () => this.#ended(false));
    this.#doc.addEventListener('visibilitychange', () => this.#reportReceipts());
    connection.on('chat:message', (message) => {
      if (message.from === 'agent') this.#agentTyping.show(null);
      this.#merge([message]);
      if (!this.#thread.chat || this.#conversation.hidden) this.#showConversation();
      if (message.from === 'agent' && !this.#visible) {
        this.#unread += 1;
        this.#options.notify({ parley: 1, type: 'unread', count: this.#unread });
      }
    });
  }

  /** The host page shows or hides the panel: replies that arrive while hidden count as unread. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible) this.#focusFirst();
    if (visible) this.#reportReceipts();
    if (visible && this.#unread > 0) {
      this.#unread = 0;
      this.#options.notify({ parley: 1, type: 'unread', count: 0 });
    }
  }

  messages(): readonly ThreadMessage[] {
    return this.#thread.messages;
  }

  /** The page the host shows now (a single-page site changed it): told to the agents' view of the visit. */
  reportPage(page: VisitorPage): void {
    this.#visit.setPage(page);
    void this.#reportContext();
  }

  /** The pages of the visit before the chat opened (from the loader): told once. */
  setTrail(pages: readonly VisitorTrailPage[]): void {
    this.#visit.setTrail(pages);
    void this.#reportContext();
  }

  /** The keyboard lands where the visitor will type: the rating asked, the pre-chat form's first field, or the composer. */
  #focusFirst(): void {
    if (this.#help?.selected === 'help') this.#help.focus();
    else if (this.#rating?.asking) this.#rating.focus();
    else if (!this.#form.hidden) this.#form.querySelector<HTMLElement>('input, textarea')?.focus();
    else if (!this.#conversation.hidden) this.#composer.input.focus();
  }

  async #reportContext(): Promise<void> {
    if (!this.#connection?.connected) return;
    const report = this.#visit.report(this.#doc.defaultView?.navigator.language, currentTimeZone());
    if (!report) return;
    const res = await this.#ack('visitor:context', report);
    if (res?.ok) this.#visit.told(report);
  }

  /** After every connect: what was missed since the newest stored message, then whatever still waits to be sent. */
  async #sync(): Promise<void> {
    const res = await this.#ack('chat:history', this.#thread.historyRequest());
    if (!res?.ok) return;
    this.#setStatus('');
    void this.#reportContext();
    if (res.data.state) this.#followState(res.data.state);
    const { changed, first } = this.#thread.applyHistory(res.data);
    if (changed) this.#drawMessages();
    if (first) {
      if (this.#thread.hasConversation) this.#showConversation();
      else this.#showForm();
      if (this.#visible) this.#focusFirst();
    }
    for (const outgoing of this.#thread.pending) void this.#deliver(outgoing);
  }

  /** The pre-chat form was sent: the chat starts with its question, or with the first message from the composer. */
  #begin(question: string, details: StartDetails): void {
    if (details.email) this.#session.rememberEmail(details.email);
    this.#rating?.close();
    this.#showConversation();
    if (question) this.#send(question, details);
    else this.#startDetails = details;
    this.#composer.input.focus();
  }

  #send(text: string, given?: StartDetails): void {
    const start = given ?? this.#startDetails;
    this.#startDetails = undefined;
    const waiting = this.#uploads.take();
    const files = start ? [] : waiting;
    const body = bodyForFiles(text, files);
    const outgoing: Outgoing = { clientId: newClientId(), body, files, ...(start || !this.#thread.chat ? { start: start ?? {} } : {}) };
    this.#thread.queue(outgoing);
    this.#endButton.hidden = false;
    this.#render();
    this.#typing.stop();
    void this.#deliver(outgoing);
  }

  /** Sends one message with its clientId; retried (same id) after a reconnect until acknowledged. */
  async #deliver(outgoing: Outgoing): Promise<void> {
    if (!this.#connection?.connected || !this.#thread.claim(outgoing)) return;
    const attachmentIds = outgoing.files.length > 0 ? { attachmentIds: outgoing.files.map((f) => f.id) } : {};
    try {
      const departmentId = this.#chosenDepartment();
      const page = this.#visit.page;
      const res = outgoing.start
        ? await this.#ack('chat:start', {
            clientId: outgoing.clientId,
            message: outgoing.body,
            ...outgoing.start,
            ...(departmentId ? { departmentId } : {}),
            ...(page ? { page } : {}),
            ...(this.#options.widgetKey ? { widgetKey: this.#options.widgetKey } : {}),
            ...attachmentIds,
          })
        : await this.#ack('chat:message', { clientId: outgoing.clientId, body: outgoing.body, ...attachmentIds });
      if (!res) return; // no answer in time: still pending, sent again (same clientId) on the next connect
      const settled = this.#thread.settle(outgoing, res);
      if (settled.kind === 'restart') {
        this.#thread.release(outgoing);
        await this.#deliver(settled.outgoing);
      } else if (settled.kind === 'sent') this.#drawMessages();
      else this.#render();
    } finally {
      this.#thread.release(outgoing);
    }
  }

  /** An acknowledged command, or undefined when no answer came in time (or there is no socket yet). */
  #ack<K extends VisitorCommandName>(command: K, payload: VisitorCommandPayload<K>): Promise<Ack<VisitorCommandResult<K>> | undefined> {
    return this.#connection ? this.#connection.ack(command, payload) : Promise.resolve(undefined);
  }

  #merge(messages: readonly VisitorMessageDto[]): void {
    if (this.#thread.merge(messages)) this.#drawMessages();
  }

  /** New messages: shown, and their receipts told. */
  #drawMessages(): void {
    this.#render();
    this.#reportReceipts();
  }

  /**
   * Tells the server what the widget has received (always) and what the visitor has seen (only while the
   * panel is open and the page is in view): the agents' console shows "Delivered" and "Seen" from these.
   */
  #reportReceipts(): void {
    const connection = this.#connection;
    if (!connection?.connected) return;
    const inView = this.#visible && this.#doc.visibilityState !== 'hidden' && !this.#conversation.hidden;
    const due = this.#thread.receiptDue(inView);
    if (due) connection.tell(due.event, { upToItemId: due.upToItemId });
  }

  #showNotice(text: string | null): void {
    this.#notice.textContent = text ?? '';
    this.#notice.hidden = text === null;
  }

  #askToEnd(): void {
    this.#composer.element.hidden = true;
    this.#endForm.open(this.#session.features.transcriptByEmail, this.#session.rememberedEmail());
  }

  #closeEndForm(): void {
    this.#endForm.close();
    this.#composer.element.hidden = false;
    this.#composer.input.focus();
  }

  /** chat:end, with the transcript when asked for; the panel then offers a new chat. */
  async #end(): Promise<void> {
    const transcriptEmail = this.#endForm.transcriptEmail(this.#session.features.transcriptByEmail);
    const res = await this.#ack('chat:end', {
      ...(transcriptEmail ? { transcriptEmail } : {}),
      ...(this.#options.locale ? { locale: this.#options.locale } : {}),
      ...transcriptTimeZone(),
    });
    if (!res?.ok) {
      this.#showNotice(this.#options.text.error);
      return;
    }
    if (transcriptEmail) this.#session.rememberEmail(transcriptEmail);
    this.#ended(res.data.transcriptQueued, res.data.survey?.token);
  }

  /**
   * The chat is over (here or in another tab): the thread is cleared and the pre-chat form offers a new one;
   * ended here, an answered chat is offered for rating (the survey's token, kept only in memory).
   */
  #ended(transcriptQueued: boolean, surveyToken?: string): void {
    const t = this.#options.text;
    this.#typing.stop();
    this.#agentTyping.show(null);
    this.#showNotice(null);
    this.#thread.clear();
    this.#routing.set(null);
    this.#uploads.clear();
    this.#render();
    this.#endForm.close();
    this.#composer.element.hidden = false;
    this.#endButton.hidden = true;
    this.#endedNotice.textContent = transcriptQueued ? `${t.ended} ${t.endedTranscript}` : t.ended;
    this.#endedNotice.hidden = false;
    if (surveyToken) this.#rating?.open(surveyToken);
    this.#showForm();
    if (this.#visible) this.#focusFirst();
  }

  /** The chat's routing as the server tells it; once an agent resolved the chat, it may be rated here. */
  #followState(state: VisitorChatStateDto): void {
    this.#routing.set(state);
    if (state.phase === 'ended' && state.survey) this.#rating?.offer(state.survey.token);
  }

  #chosenDepartment(): number | undefined {
    return this.#departmentPick?.value ? Number(this.#departmentPick.value) : this.#options.departmentId;
  }

  /** The pre-chat form, or (nobody can chat) the offline form in its place. */
  #showForm(): void {
    this.#conversation.hidden = true;
    if (!canChat(this.#options.config, this.#options.departmentId) && this.#options.forms) {
      const offline = buildOfflineForm(this.#doc, {
        text: this.#options.forms,
        emailReplies: this.#options.config?.emailReplies ?? true,
        ...(this.#options.widgetKey ? { widgetKey: this.#options.widgetKey } : {}),
        ...(this.#options.departmentId !== undefined ? { departmentId: this.#options.departmentId } : {}),
      });
      this.#form.replaceWith(offline);
      this.#form = offline;
    }
    this.#form.hidden = false;
    this.#endButton.hidden = true;
  }

  #showConversation(): void {
    this.#form.hidden = true;
    this.#conversation.hidden = false;
    this.#endButton.hidden = !this.#thread.hasConversation;
    this.#reportReceipts();
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
    this.#status.hidden = text === '';
  }

  #render(): void {
    this.#list.render(this.#thread.messages, this.#thread.receipt());
  }
}
