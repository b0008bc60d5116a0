/** The frame's few DOM helpers: it builds its page by hand, with no framework, to stay small. */

export function el(doc: Document, tag: string, className: string, text?: string): HTMLElement {
  const element = doc.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A labelled form control: the label points at the control by id, and the control is named by it too. */
export function control(doc: Document, tag: 'input' | 'textarea' | 'select', id: string, label: string): [HTMLLabelElement, HTMLElement] {
  const labelElement = doc.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  const element = doc.createElement(tag);
  element.id = id;
  element.setAttribute('name', id);
  return [labelElement, element];
}

/** A button that submits its form, or (`button`) one that only does what its click handler says. */
export function button(doc: Document, className: string, text: string | undefined, type: 'submit' | 'button'): HTMLButtonElement {
  const element = el(doc, 'button', className, text) as HTMLButtonElement;
  element.type = type;
  return element;
}

/** The visitor's name, as long as the server takes it. */
export function nameField(doc: Document, id: string, label: string): [HTMLLabelElement, HTMLInputElement] {
  const field = control(doc, 'input', id, label) as [HTMLLabelElement, HTMLInputElement];
  field[1].autocomplete = 'name';
  field[1].maxLength = 200;
  return field;
}

/** An email address, as long as the server takes it. */
export function emailField(doc: Document, id: string, label: string): [HTMLLabelElement, HTMLInputElement] {
  const field = control(doc, 'input', id, label) as [HTMLLabelElement, HTMLInputElement];
  field[1].type = 'email';
  field[1].autocomplete = 'email';
  field[1].maxLength = 254;
  return field;
}
