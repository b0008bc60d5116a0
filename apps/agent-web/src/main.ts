import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { http } from './api/http';
import App from './App.vue';
import { createAppI18n, switchLocale } from './i18n';
import { createAppRouter } from './router';
import { usePreferencesStore } from './stores/preferences';
import { useSessionStore } from './stores/session';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const locale = usePreferencesStore(pinia).locale;
const i18n = createAppI18n(locale);
// The agent's language is in before the first paint, so nobody sees English flash by.
await switchLocale(i18n.global, locale).catch(() => undefined);
app.use(i18n);
const router = createAppRouter(pinia);
app.use(router);
// A session that ended elsewhere (signed out in another tab, expired, password changed) sends the agent to
// sign in again, and back to the same screen afterwards; drafts stay in this browser meanwhile.
http.onSessionEnded = () => {
  void import('./stores/console').then(({ endConsole }) => endConsole());
  useSessionStore(pinia).forget();
  const here = router.currentRoute.value;
  if (here.name !== 'sign-in') void router.replace({ name: 'sign-in', query: { next: here.fullPath } });
};
app.mount('#app');
