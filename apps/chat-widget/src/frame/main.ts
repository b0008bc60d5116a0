// The chat frame's entry: /widget/frame, opened by widget.js in an iframe the first time the visitor opens
// the launcher. Its settings arrive in the address's fragment (see frameUrl in loader/mount.ts).
import { frameBridge } from '../bridge';
import { chatMessages } from '../i18n/chat-messages';
import { isLocale, pickLocale } from '../i18n/messages';
import { ChatApp } from './chat';

const params = new URLSearchParams(location.hash.slice(1));
const requested = params.get('locale');
const locale = isLocale(requested) ? requested : pickLocale([...navigator.languages, navigator.language]);
document.documentElement.lang = locale;
const text = chatMessages[locale];
document.title = text.title;

const department = params.get('department');
const url = params.get('url');
const page = url
  ? {
      url: url.slice(0, 2000),
      ...(params.get('title') ? { title: params.get('title')!.slice(0, 500) } : {}),
      ...(params.get('referrer') ? { referrer: params.get('referrer')!.slice(0, 2000) } : {}),
    }
  : undefined;

let storage: Storage | null = null;
try {
  storage = window.localStorage;
} catch {
  // Blocked storage: the chat lasts as long as the frame.
}

let app: ChatApp | undefined;
const bridge = frameBridge(window, params.get('parent') ?? undefined, (message) => app?.setVisible(message.visible));
app = new ChatApp(document, {
  text,
  locale,
  ...(department && /^\d{1,10}$/.test(department) ? { departmentId: Number(department) } : {}),
  ...(page ? { page } : {}),
  notify: (message) => bridge.send(message),
  storage,
});
bridge.send({ parley: 1, type: 'ready' });
void app.start();
