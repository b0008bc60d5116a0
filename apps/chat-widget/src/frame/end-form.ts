/** Ending the chat: a confirm step, offering the transcript by email when this help desk can send it. */
import type { ChatMessages } from '../i18n/chat-messages';
import { button, el, emailField } from './dom';

export class EndForm {
  readonly element: HTMLFormElement;
  readonly #transcript: HTMLInputElement;
  readonly #email: HTMLInputElement;
  readonly #transcriptFields: HTMLElement;

  constructor(doc: Document, t: ChatMessages, hooks: { readonly confirm: () => void; readonly cancel: () => void }) {
    this.element = el(doc, 'form', 'end-confirm') as HTMLFormElement;
    this.element.hidden = true;
    const question = el(doc, 'p', 'end-question', t.endQuestion);
    this.#transcriptFields = el(doc, 'div', 'end-transcript');
    this.#transcript = doc.createElement('input');
    this.#transcript.type = 'checkbox';
    this.#transcript.id = 'end-transcript';
    const transcriptLabel = doc.createElement('label');
    transcriptLabel.htmlFor = 'end-transcript';
    transcriptLabel.className = 'check';
    transcriptLabel.prepend(this.#transcript, doc.createTextNode(` ${t.endTranscript}`));
    const [emailLabel, email] = emailField(doc, 'end-email', t.endTranscriptEmail);
    this.#email = email;
    this.#transcript.addEventListener('change', () => this.#followCheckbox());
    this.#transcriptFields.append(transcriptLabel, emailLabel, email);
    const buttons = el(doc, 'div', 'end-buttons');
    const confirm = button(doc, 'primary', t.endConfirm, 'submit');
    const cancel = button(doc, 'secondary', t.cancel, 'button');
    cancel.addEventListener('click', () => hooks.cancel());
    buttons.append(confirm, cancel);
    this.element.append(question, this.#transcriptFields, buttons);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      hooks.confirm();
    });
  }

  /** Asks; the transcript is offered (ticked when an address is known) only when the server can email it. */
  open(transcriptByEmail: boolean, knownEmail: string): void {
    this.#transcriptFields.hidden = !transcriptByEmail;
    this.#email.value = knownEmail;
    this.#transcript.checked = transcriptByEmail && knownEmail !== '';
    this.#followCheckbox();
    this.element.hidden = false;
    (this.#transcript.checked ? this.#email : this.element.querySelector<HTMLElement>('button[type="submit"]'))?.focus();
  }

  close(): void {
    this.element.hidden = true;
  }

  /** The address to send the transcript to, when the visitor asked for it (and the server can). */
  transcriptEmail(transcriptByEmail: boolean): string | undefined {
    const email = this.#email.value.trim();
    return transcriptByEmail && this.#transcript.checked && email !== '' ? email : undefined;
  }

  #followCheckbox(): void {
    this.#email.disabled = !this.#transcript.checked;
    this.#email.required = this.#transcript.checked;
  }
}
