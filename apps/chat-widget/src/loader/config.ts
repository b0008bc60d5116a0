import type { VisitorIdentity } from '@parley/protocol';

export interface WidgetConfig {
  /** Where the Parley server is, without a trailing slash: the chat frame and API will be loaded from it. */
  readonly serverUrl: string;
  /** data-department: the department new chats go to. */
  readonly departmentId?: number;
  /** data-widget: the widget's public key, whose settings (looks, fields, departments) the server keeps. */
  readonly widgetKey?: string;
  /** data-user-id, -email, -name, -hash: the site's signed-in user, signed with the widget's identity secret. */
  readonly identity?: VisitorIdentity;
}

/**
 * Reads the widget's settings from the <script> tag that loaded it:
 *
 *   <script src="https://help.example.com/widget.js" data-department="2" async></script>
 *
 * Without a usable data-parley-url, the server is taken to be where widget.js came from
 * (the Parley server serves it), and failing that the host page's own origin.
 */
export function readConfig(script: Element | null, baseUrl: string): WidgetConfig {
  const department = script?.getAttribute('data-department')?.trim();
  const departmentId = department && /^[1-9]\d{0,9}$/.test(department) ? Number(department) : undefined;
  const server = readServerUrl(script, baseUrl);
  const widgetKey = script?.getAttribute('data-widget')?.trim();
  const identity = readIdentity(script);
  return {
    serverUrl: server,
    ...(departmentId === undefined ? {} : { departmentId }),
    ...(widgetKey && /^[A-Za-z0-9_-]{8,64}$/.test(widgetKey) ? { widgetKey } : {}),
    ...(identity ? { identity } : {}),
  };
}

/** All of id, email and hash, or nothing (the server checks the hash; a partial identity could never pass). */
function readIdentity(script: Element | null): WidgetConfig['identity'] {
  const read = (name: string) => script?.getAttribute(`data-user-${name}`)?.trim() || undefined;
  const userId = read('id');
  const email = read('email');
  const hash = read('hash');
  const name = read('name');
  return userId && email && hash ? { userId, email, hash, ...(name ? { name } : {}) } : undefined;
}

function readServerUrl(script: Element | null, baseUrl: string): string {
  const fromAttribute = script?.getAttribute('data-parley-url')?.trim();
  if (fromAttribute) {
    const url = parseHttpUrl(fromAttribute, baseUrl);
    if (url) return stripTrailingSlash(url.origin + url.pathname);
    console.warn(`Parley widget: ignoring data-parley-url="${fromAttribute}", which is not an http(s) URL.`);
  }
  const src = script?.getAttribute('src');
  const fromSrc = src ? parseHttpUrl(src, baseUrl) : undefined;
  return (fromSrc ?? new URL(baseUrl)).origin;
}

function parseHttpUrl(value: string, baseUrl: string): URL | undefined {
  try {
    const url = new URL(value, baseUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
