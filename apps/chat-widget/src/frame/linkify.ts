/**
 * A message body as DOM: text nodes, with http(s) links as <a> elements. Nothing in the body is ever parsed
 * as HTML, so `<img onerror=…>` stays the text it is.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that usually ends the sentence around a link rather than the link itself.
const TRAILING = /[.,;:!?)\]}]+$/;

export function renderBody(doc: Document, body: string): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  let last = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    let href = match[0];
    const trailing = TRAILING.exec(href)?.[0] ?? '';
    href = href.slice(0, href.length - trailing.length);
    const start = match.index;
    if (!safeHttpUrl(href)) continue;
    if (start > last) fragment.append(doc.createTextNode(body.slice(last, start)));
    const link = doc.createElement('a');
    link.href = href;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    link.textContent = href;
    fragment.append(link);
    last = start + href.length;
  }
  if (last < body.length) fragment.append(doc.createTextNode(body.slice(last)));
  return fragment;
}

function safeHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
