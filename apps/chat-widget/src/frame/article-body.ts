/**
 * An article's body in the frame. The server sanitized it on save (as email HTML is); it is parsed here in an
 * inert <template> (nothing in it runs or loads while parsed), every link opens a new tab without telling the
 * opened page who opened it (the frame must never be navigated away from the chat), and, as a second lock
 * should the stored HTML ever hold one, event-handler attributes and script URLs are dropped.
 */
export function articleBody(doc: Document, html: string): DocumentFragment {
  const template = doc.createElement('template');
  template.innerHTML = html;
  const body = template.content;
  for (const element of body.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip control characters inside a URL's scheme, so this must too
      if (/^on/i.test(attribute.name) || /^\s*(javascript|vbscript|data):/i.test(attribute.value.replace(/[\u0000-\u001f]/g, ''))) element.removeAttribute(attribute.name);
    }
    if (element.localName === 'script' || element.localName === 'iframe' || element.localName === 'form') element.remove();
  }
  for (const link of body.querySelectorAll('a[href]')) {
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
  }
  return doc.importNode(body, true);
}
