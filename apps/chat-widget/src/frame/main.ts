// The chat frame's entry: /widget/frame, opened by widget.js in an iframe the first time the visitor opens
// the launcher. Its settings arrive in the address's fragment (see frameUrl in loader/mount.ts).
import { frameBridge } from '../bridge';
import { loadFrameMessages } from '../i18n/frame-messages';
import { isLocale, pickLocale } from '../i18n/messages';
import { ChatApp } from './chat';
import { type KeyValueStore, ownStorage, storageFromHost } from './host-storage';
import { loadFrameConfig } from './widget-config';

const params = new URLSearchParams(location.hash.slice(1));
const requested = params.get('locale');
const locale = isLocale(requested) ? requested : pickLocale([...navigator.languages, navigator.language]);
document.documentElement.lang = locale;

const department = params.get('department');
const url = params.get('url');
const page = url
  ? {
      url: url.slice(0, 2000),
      ...(params.get('title') ? { title: params.get('title')!.slice(0, 500) } : {}),
      ...(params.get('referrer') ? { referrer: params.get('referrer')!.slice(0, 2000) } : {}),
    }
  : undefined;

const widgetKey = params.get('widget') ?? undefined;
const departmentId = department && /^\d{1,10}$/.test(department) ? Number(department) : undefined;
const [uid, uemail, uhash, uname] = ['uid', 'uemail', 'uhash', 'uname'].map((key) => params.get(key) ?? undefined);
// Only a widget has an identity secret to check the hash with: without data-widget the identity is ignored.
const identity = widgetKey && uid && uemail && uhash ? { userId: uid, email: uemail, hash: uhash, ...(uname ? { name: uname } : {}) } : undefined;

let app: ChatApp | undefined;
let fromHost: ReturnType<typeof storageFromHost> | undefined;
const bridge = frameBridge(window, params.get('parent') ?? undefined, (message) => {
  if (message.type === 'trail') app?.setTrail(message.pages);
  else if (message.type === 'page') app?.reportPage({ url: message.url.slice(0, 2000), ...(message.title ? { title: message.title.slice(0, 500) } : {}) });
  else if (message.type === 'stored') fromHost?.receive(message);
  else app?.setVisible(message.visible);
});
// Denied its own storage (a third-party frame where the browser blocks or partitions it), the frame keeps
// the visitor's token with the host page; opened on its own, it keeps it for as long as it is open.
const own = ownStorage(window);
if (!own && bridge.connected) fromHost = storageFromHost((message) => bridge.send(message));
const storage: Promise<KeyValueStore | null> = own ? Promise.resolve(own) : (fromHost?.storage ?? Promise.resolve(null));
void Promise.all([loadFrameConfig(widgetKey, departmentId), loadFrameMessages(locale), storage]).then(([config, messages, storage]) => {
  document.title = messages.chat.title;
  if (config && /^#[0-9a-fA-F]{6}$/.test(config.colour)) document.documentElement.style.setProperty('--parley-colour', config.colour);
  app = new ChatApp(document, {
    text: messages.chat,
    locale,
    forms: messages.forms,
    rating: messages.rating,
    help: messages.help,
    ...(departmentId !== undefined ? { departmentId } : {}),
    ...(page ? { page } : {}),
    ...(config ? { config } : {}),
    ...(widgetKey ? { widgetKey } : {}),
    ...(identity ? { identity } : {}),
    notify: (message) => bridge.send(message),
    storage,
  });
  bridge.send({ parley: 1, type: 'ready' });
  void app.start();
});
