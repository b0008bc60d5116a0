/**
 * An article as plain text for a reply (replies are text): headings, paragraphs and list items on lines of
 * their own (items with "-" or their number), table rows with their cells between "|", a link's address
 * after its words, pictures left out. Parsed by the browser's own HTML parser (DOMParser), which runs no
 * script and loads no picture of a document it only parses; the body is the server's sanitized HTML.
 */
const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'TABLE', 'HR', 'SECTION', 'ARTICLE']);

// A parsed document has no window (defaultView), so elements are told by their node type.
const isElement = (node: Node): node is Element => node.nodeType === 1;

export function articleReplyText(title: string, html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/[ \t]+/g, ' ').trim();
    if (text !== '') lines.push(text);
    line = '';
  };
  const block = () => {
    flush();
    if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
  };

  const walk = (node: Node, pre: boolean): void => {
    if (node.nodeType === 3) {
      line += pre ? (node.textContent ?? '') : (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName;
    if (tag === 'IMG' || tag === 'STYLE' || tag === 'SCRIPT') return;
    if (tag === 'BR') {
      flush();
      return;
    }
    if (tag === 'PRE') {
      block();
      for (const part of (node.textContent ?? '').replace(/\n$/, '').split('\n')) lines.push(part);
      block();
      return;
    }
    if (tag === 'LI') {
      flush();
      const list = node.parentElement;
      line = list?.tagName === 'OL' ? `${[...list.children].indexOf(node) + 1}. ` : '- ';
      for (const child of node.childNodes) {
        // A paragraph inside an item stays on the item's line.
        if (isElement(child) && child.tagName === 'P') {
          for (const inner of child.childNodes) walk(inner, false);
        } else {
          walk(child, false);
        }
      }
      flush();
      return;
    }
    if (tag === 'TR') {
      flush();
      line = [...node.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ');
      flush();
      return;
    }
    if (tag === 'A') {
      const before = line.length;
      for (const child of node.childNodes) walk(child, pre);
      const words = line.slice(before).trim();
      const href = node.getAttribute('href') ?? '';
      if (href && href !== words && `mailto:${words}` !== href) line += ` (${href})`;
      return;
    }
    const isBlock = BLOCKS.has(tag);
    if (isBlock) block();
    for (const child of node.childNodes) walk(child, pre);
    if (isBlock) block();
  };
  walk(doc.body, false);
  flush();
  while (lines.at(-1) === '') lines.pop();
  while (lines[0] === '') lines.shift();
  return `${title}\n\n${lines.join('\n')}`.replace(/\n{3,}/g, '\n\n').trim();
}
