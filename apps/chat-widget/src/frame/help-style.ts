/**
 * The Help page's styles, added to the frame with the page's chunk (help-page.ts): the frame's first load
 * carries only what the chat, the tabs and the suggestions need (index.html).
 */
const HELP_CSS = [
  '.help-view, .help-list, .help-article { display: flex; flex-direction: column; gap: 8px; }',
  '.help-view { flex: 1; }',
  '.help-row { display: flex; gap: 8px; }',
  '.help-row input { margin: 0; }',
  '.help-status { margin: 0; color: #4b5563; font-size: 13px; }',
  '.help-status:empty { display: none; }',
  '.help-results { display: flex; flex-direction: column; gap: 6px; margin: 0; padding: 0; list-style: none; }',
  '.help-hit { display: flex; flex-direction: column; gap: 2px; width: 100%; padding: 8px 10px; border: 1px solid #e5e7eb; border-radius: 8px; background: #fff; color: inherit; font: inherit; text-align: start; cursor: pointer; }',
  '.help-hit:hover { background: #f3f4f6; }',
  '.help-hit-title { font-weight: 600; color: #1d4ed8; }',
  '.help-hit-snippet { color: #4b5563; font-size: 13px; }',
  'mark { background: #fef08a; color: inherit; }',
  '.help-title { margin: 0; font-size: 18px; }',
  '.help-title:focus { outline: none; }',
  '.kb-body { overflow-wrap: anywhere; }',
  '.kb-body img { max-width: 100%; height: auto; }',
  '.kb-body pre, .kb-body table { display: block; max-width: 100%; overflow-x: auto; }',
  '.kb-body table { border-collapse: collapse; }',
  '.kb-body td, .kb-body th { padding: 4px 6px; border: 1px solid #d1d5db; }',
  '.kb-body a, .help-page { color: #1d4ed8; }',
  '.helpful, .help-more { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }',
  '.helpful { padding-top: 10px; border-top: 1px solid #e5e7eb; }',
  '.helpful-question { flex-basis: 100%; margin: 0; font-weight: 600; }',
  '.kb-body h1, .kb-body h2, .kb-body h3 { margin: 12px 0 4px; font-size: 16px; }',
  '.helpful-result { margin: 0; color: #065f46; }',
  '.helpful-result:empty { display: none; }',
  '.help-more-question { margin: 0; }',
  '.help-footer { margin-top: auto; padding-top: 8px; }',
].join('\n');

export function addHelpStyles(doc: Document): void {
  const style = doc.createElement('style');
  style.textContent = HELP_CSS;
  doc.head.append(style);
}
