/**
 * The offline form: when nobody can chat, the visitor leaves name, email and message; the server makes a
 * ticket (POST /api/v1/widget/offline-messages) and the visitor is told to expect the answer by email, unless
 * this help desk cannot send email (the widget config's `emailReplies`): then nothing is promised by email.
 */
import type { OfflineMessageCreated, OfflineMessageRequest } from '@parley/protocol';
import type { FormMessages } from '../i18n/form-messages';
import { button, control, el, emailField, nameField } from './dom';

export interface OfflineFormOptions {
  readonly text: FormMessages;
  /** Whether an answer can go out by email (the widget config's `emailReplies`). */
  readonly emailReplies: boolean;
  readonly widgetKey?: string;
  readonly departmentId?: number;
  readonly fetcher?: typeof fetch;
}

export function buildOfflineForm(doc: Document, options: OfflineFormOptions): HTMLFormElement {
  const t = options.text;
  const form = el(doc, 'form', 'prechat offline') as HTMLFormElement;
  form.noValidate = false;
  const intro = el(doc, 'p', 'intro', options.emailReplies ? t.offlineIntro : t.offlineIntroNoEmail);
  const name = nameField(doc, 'offline-name', t.offlineName);
  const email = emailField(doc, 'offline-email', t.offlineEmail);
  const message = control(doc, 'textarea', 'offline-message', t.offlineMessage) as [HTMLLabelElement, HTMLTextAreaElement];
  message[1].rows = 4;
  for (const [, input] of [name, email, message]) input.required = true;
  const status = el(doc, 'p', 'offline-status');
  status.setAttribute('role', 'status');
  const send = button(doc, 'primary', t.offlineSend, 'submit');
  form.append(intro, ...name, ...email, ...message, send, status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: OfflineMessageRequest = {
      name: name[1].value.trim(),
      email: email[1].value.trim(),
      message: message[1].value.trim(),
      ...(options.widgetKey ? { widgetKey: options.widgetKey } : {}),
      ...(options.departmentId !== undefined ? { departmentId: options.departmentId } : {}),
    };
    if (!body.name || !body.email || !body.message) return;
    send.disabled = true;
    void (options.fetcher ?? fetch)('/api/v1/widget/offline-messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`offline message: ${res.status}`);
        const created = (await res.json()) as OfflineMessageCreated;
        const thanks = el(doc, 'p', 'offline-thanks', (options.emailReplies ? t.offlineThanks : t.offlineThanksNoEmail).replace('{number}', created.number));
        thanks.setAttribute('role', 'status');
        form.replaceChildren(thanks);
      })
      .catch(() => {
        status.textContent = t.offlineError;
        send.disabled = false;
      });
  });
  return form;
}
