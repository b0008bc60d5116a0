/**
 * The document a letter's sanitized HTML is shown in: an iframe `srcdoc` with its own Content-Security-Policy
 * (nothing runs; images only from us and data: — and https: once the agent allowed remote images), base
 * styles so a letter reads like a letter, and the quoted history hidden until asked for.
 */
export interface EmailFrameOptions {
  readonly html: string;
  readonly origin: string;
  readonly remoteImages: boolean;
  readonly showQuoted: boolean;
}

export function emailFrameDocument(o: EmailFrameOptions): string {
  const imgSrc = [o.origin, 'data:', ...(o.remoteImages ? ['https:'] : [])].join(' ');
  const csp = `default-src 'none'; img-src ${imgSrc}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;
  const fold = o.showQuoted ? '' : '[data-parley-quote]{display:none !important}';
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"><style>
html{color-scheme:light;background:#fff}
body{margin:0;padding:8px;font:14px/1.5 system-ui,sans-serif;color:#1d2430;overflow-wrap:anywhere}
img{max-width:100%;height:auto}
img[data-parley-blocked]{display:inline-block;min-width:24px;min-height:24px;vertical-align:middle;background:repeating-linear-gradient(45deg,#eef0f4 0 6px,#dfe3ea 6px 12px);outline:1px dashed #a7b0bf}
blockquote{margin:0 0 0 8px;padding-left:8px;border-left:3px solid #c9d1dd;color:#4a5568}
table{max-width:100%}
${fold}
</style></head><body>${o.html}</body></html>`;
}

/** The attachment ids the HTML shows in place (so the list below the message does not repeat them). */
export function inlineAttachmentIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\/api\/v1\/attachments\/([0-9a-f-]{36})/g)].map((m) => m[1] as string));
}
