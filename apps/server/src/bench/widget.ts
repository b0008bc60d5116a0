/**
 * The chat widget's weight: what every page of a site that embeds it downloads (widget.js), and what the chat
 * frame loads when a visitor first opens the launcher. Bytes after gzip at level 9.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { note, report } from './report.js';

const widgetDist = fileURLToPath(new URL('../../../chat-widget/dist', import.meta.url));

const gzipped = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

export function benchWidgetBundle(): void {
  if (!existsSync(join(widgetDist, 'widget.js')) || !existsSync(join(widgetDist, 'frame', 'index.html'))) {
    note(`widget figures skipped: no build in ${widgetDist} (pnpm --filter @parley/chat-widget build)`);
    return;
  }
  report('widget_loader_js_gzip', gzipped(join(widgetDist, 'widget.js')), 'bytes');
  // On open: the frame's page and every script and stylesheet it references.
  const frameDir = join(widgetDist, 'frame');
  const html = readFileSync(join(frameDir, 'index.html'), 'utf8');
  let total = gzipped(join(frameDir, 'index.html'));
  const files = new Set<string>();
  for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref)="\/widget\/([^"]+)"/g)) files.add(match[1]!);
  for (const file of files) total += gzipped(join(frameDir, file));
  // The visitor's language comes as a chunk of its own when the frame opens (named by its locale): count the
  // heaviest one. The Help tab's page is another chunk, loaded only when the visitor opens the tab.
  const onDemand = readdirSync(join(frameDir, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((file) => file.endsWith('.js') && !files.has(file));
  const languages = onDemand.filter((file) => /^assets\/(en|bg|el|lv|ru|uk)-/.test(file));
  const language = Math.max(0, ...languages.map((file) => gzipped(join(frameDir, file))));
  total += language;
  note(`widget: the chat frame loads index.html, ${files.size} more file(s) and its language (${languages.length} on demand, the heaviest ${language} B) when opened`);
  report('widget_chat_ui_gzip', total, 'bytes');
  const helpPage = onDemand.filter((file) => /^assets\/help-page-/.test(file));
  if (helpPage.length > 0) report('widget_help_tab_gzip', helpPage.reduce((sum, file) => sum + gzipped(join(frameDir, file)), 0), 'bytes');
}
