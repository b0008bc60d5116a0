import { isAttributionLine, isQuotedHeaderBlock } from '@parley/domain';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';

type Document = ReturnType<typeof parseDocument>;
type Node = Document['children'][number];
type Element = Extract<Node, { name: string; attribs: Record<string, string> }>;
type Text = Extract<Node, { type: typeof ElementType.Text }>;

const isTag = (n: Node | null | undefined): n is Element =>
  !!n && (n.type === ElementType.Tag || n.type === ElementType.Style || n.type === ElementType.Script);
const isText = (n: Node | null | undefined): n is Text => !!n && n.type === ElementType.Text;

/** The wrapper the console folds (a stylesheet in the frame hides it until "show quoted text"). */
export const QUOTE_ATTRIBUTE = 'data-parley-quote';

const BLOCKS = new Set(['address', 'article', 'blockquote', 'br', 'div', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'p', 'pre', 'section', 'table', 'tr']);

/** The element's text with line breaks where a browser would break lines (blocks and <br>). */
function lines(node: Node): string[] {
  let text = '';
  const visit = (n: Node) => {
    if (isText(n)) text += n.data.replace(/\s+/g, ' ');
    else if (isTag(n)) {
      if (n.name === 'style') return;
      const block = BLOCKS.has(n.name);
      if (block) text += '\n';
      for (const child of n.children) visit(child);
      if (block) text += '\n';
    }
  };
  visit(node);
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

const hasClass = (el: Element, name: string) => (el.attribs.class ?? '').split(/\s+/).includes(name);

/** Containers mail clients put around the quoted letter itself. */
function isQuoteContainer(el: Element): boolean {
  return (
    (el.name === 'div' && (hasClass(el, 'gmail_quote') || hasClass(el, 'yahoo_quoted') || hasClass(el, 'protonmail_quote'))) ||
    (el.name === 'blockquote' && (el.attribs.type ?? '').toLowerCase() === 'cite')
  );
}

/** Where the quote begins, and whether it runs to the end of its parent (Outlook) or is one element. */
function findQuoteStart(document: Document): { start: Element; toEnd: boolean } | null {
  let found: { start: Element; toEnd: boolean } | null = null;
  DomUtils.findOne((el) => {
    if (isQuoteContainer(el)) {
      found = { start: el, toEnd: false };
      return true;
    }
    if (el.attribs.id === 'divRplyFwdMsg' || el.attribs.id === 'appendonsend') {
      found = { start: el, toEnd: true };
      return true;
    }
    if (el.name === 'hr' && nextElement(el) !== null && isQuotedHeaderBlock(lines(nextElement(el) as Element).slice(0, 6))) {
      found = { start: el, toEnd: true };
      return true;
    }
    if ((el.name === 'div' || el.name === 'p') && isQuotedHeaderBlock(lines(el).slice(0, 6))) {
      found = { start: el, toEnd: true };
      return true;
    }
    return false;
  }, document.children, true);
  return found;
}

function nextElement(el: Node): Element | null {
  let next = el.next;
  while (next && !isTag(next)) next = next.next;
  return (next as Element | null) ?? null;
}

function previousElement(el: Node): Element | null {
  let prev = el.prev;
  while (prev && !isTag(prev)) {
    if (isText(prev) && prev.data.trim() !== '') return null;
    prev = prev.prev;
  }
  return (prev as Element | null) ?? null;
}

const meaningful = (text: string) => /[\p{L}\p{N}]/u.test(text);

/**
 * Wraps the letter's quoted history (sanitized HTML in, HTML out) in `<div data-parley-quote>`, with the
 * attribution line above it ("On … wrote:"). A letter that is nothing but a quote (a forward) is left
 * unwrapped: folding it would show an empty message.
 */
export function markQuotedHtml(html: string): { html: string; quoted: boolean } {
  const document = parseDocument(html);
  const found = findQuoteStart(document) as { start: Element; toEnd: boolean } | null;
  if (!found) return { html, quoted: false };
  const nodes: Node[] = [found.start];
  if (found.toEnd) {
    for (let n = found.start.next; n; n = n.next) nodes.push(n);
  } else {
    const prev = previousElement(found.start);
    const attribution = prev ? lines(prev) : [];
    if (prev && attribution.length > 0 && attribution.length <= 3 && isAttributionLine(attribution.join(' '))) nodes.unshift(prev);
  }
  const quotedText = nodes.map((n) => lines(n).join(' ')).join(' ');
  const allText = document.children.map((n) => lines(n).join(' ')).join(' ');
  if (!meaningful(allText.replace(quotedText, ''))) return { html, quoted: false };

  const wrapper = parseDocument(`<div ${QUOTE_ATTRIBUTE}=""></div>`).children[0] as Element;
  DomUtils.prepend(nodes[0] as Node, wrapper);
  for (const node of nodes) {
    DomUtils.removeElement(node);
    DomUtils.appendChild(wrapper, node);
  }
  return { html: DomUtils.getOuterHTML(document, { decodeEntities: true, encodeEntities: 'utf8' }), quoted: true };
}
