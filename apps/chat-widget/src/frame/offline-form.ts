/**
 * The offline form: when nobody can chat, the visitor leaves name, email and message; the server makes a
 * ticket (POST /api/v1/widget/offline-messages) and the visitor is told to expect the answer by email.
 */
import type { FormMessages } from '../i18n/form-messages';

export interface OfflineFormOptions {
  readonly text: FormMessages;
  readonly widgetKey?: string;
  readonly departmentId?: number;
  readonly fetcher?: typeof fetch;
}

export function buildOfflineForm(doc: Document, options: OfflineFormOptions): HTMLFormElement {
  const t = options.text;
  const form = doc.createElement('form');
  form.className = 'prechat offline';
  form.noValidate = false;
  const intro = doc.createElement('p');
  intro.className = 'intro';
  intro.textContent = t.offlineIntro;
  const name = control(doc, 'input', 'offline-name', t.offlineName) as [HTMLLabelElement, HTMLInputElement];
  name[1].autocomplete = 'name';
  name[1].maxLength = 200;
  const email = control(doc, 'input', 'offline-email', t.offlineEmail) as [HTMLLabelElement, HTMLInputElement];
  email[1].type = 'email';
  email[1].autocomplete = 'email';
  email[1].maxLength = 254;
  const message = control(doc, 'textarea', 'offline-message', t.offlineMessage) as [HTMLLabelElement, HTMLTextAreaElement];
  message[1].rows = 4;
  for (const [, input] of [name, email, message]) input.required = true;
  const status = doc.createElement('p');
  status.className = 'offline-status';
  status.setAttribute('role', 'status');
  const send = doc.createElement('button');
  send.type = 'submit';
  send.className = 'primary';
  send.textContent = t.offlineSend;
  form.append(intro, ...name, ...email, ...message, send, status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
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
        const created = (await res.json()) as { number: string };
        const thanks = doc.createElement('p');
        thanks.className = 'offline-thanks';
        thanks.setAttribute('role', 'status');
        thanks.textContent = t.offlineThanks.replace('{number}', created.number);
        form.replaceChildren(thanks);
      })
      .catch(() => {
        status.textContent = t.offlineError;
        send.disabled = false;
      });
  });
  return form;
}

export function control(doc: Document, tag: 'input' | 'textarea' | 'select', id: string, label: string): [HTMLLabelElement, HTMLElement] {
  const labelElement = doc.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  const element = doc.createElement(tag);
  element.id = id;
  element.setAttribute('name', id);
  return [labelElement, element];
}
