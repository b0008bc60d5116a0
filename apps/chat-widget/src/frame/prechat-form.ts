/**
 * The pre-chat form, shown while the visitor has no chat: name, email, the first question and (when the
 * widget lets the visitor choose) the department, as the widget's settings ask for them.
 */
import type { WidgetConfigDto } from '@parley/protocol';
import type { ChatMessages } from '../i18n/chat-messages';
import type { FormMessages } from '../i18n/form-messages';
import { button, control, el, emailField, nameField } from './dom';
import type { StartDetails } from './thread-state';

export interface PrechatForm {
  readonly form: HTMLFormElement;
  /** After the visitor ended a chat the form comes back, with a word about the chat that ended. */
  readonly endedNotice: HTMLElement;
  /** The department picker, when the visitor chooses one. */
  readonly department: HTMLSelectElement | undefined;
  /** The first question's box. */
  readonly question: HTMLTextAreaElement;
}

export interface PrechatOptions {
  readonly text: ChatMessages;
  readonly forms?: FormMessages | undefined;
  /** The widget's settings; undefined: the default form. */
  readonly config?: WidgetConfigDto | undefined;
}

/** `start` gets the first question ('' when the form does not ask it) and the details given. */
export function buildPrechatForm(doc: Document, options: PrechatOptions, start: (question: string, details: StartDetails) => void): PrechatForm {
  const t = options.text;
  const form = el(doc, 'form', 'prechat') as HTMLFormElement;
  form.hidden = true;
  const endedNotice = el(doc, 'p', 'ended');
  endedNotice.setAttribute('role', 'status');
  endedNotice.hidden = true;
  const intro = el(doc, 'p', 'intro', t.intro);
  const name = nameField(doc, 'prechat-name', t.name);
  const email = emailField(doc, 'prechat-email', t.email);
  const question = control(doc, 'textarea', 'prechat-question', t.question) as [HTMLLabelElement, HTMLTextAreaElement];
  question[1].required = true;
  question[1].rows = 3;
  const submit = button(doc, 'primary', t.start, 'submit');
  form.append(endedNotice, intro, ...name, ...email, ...question, submit);
  const asks = applyPrechat(doc, options, { intro, name, email, question, start: submit });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = question[1].value.trim();
    if (asks.question && !body) return;
    const details: StartDetails = {};
    if (name[1].value.trim()) details.name = name[1].value.trim();
    if (email[1].value.trim()) details.email = email[1].value.trim();
    question[1].value = '';
    endedNotice.hidden = true;
    start(body, details);
  });
  return { form, endedNotice, department: asks.department, question: question[1] };
}

/**
 * Applies the widget's settings to the pre-chat form: its greeting, which of name and email it asks (and
 * whether they are required), whether it asks the first question, and the department picker. Returns what the
 * form asks.
 */
function applyPrechat(
  doc: Document,
  options: PrechatOptions,
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
