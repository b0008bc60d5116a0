import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useNotificationsStore } from '../stores/notifications';

/**
 * What the agent hears and sees when someone assigns a ticket to them: a short chime, a system notification
 * when the browser allows it, and the count of unopened assignments in the tab title.
 */
export function useAssignmentAlerts(): void {
  const { t } = useI18n({ useScope: 'global' });
  const notifications = useNotificationsStore();
  const router = useRouter();
  const announced = new Set<number>();

  watch(
    () => [notifications.count, t('app.name')] as const,
    ([count, name]) => {
      document.title = count > 0 ? `(${count}) ${name}` : name;
    },
    { immediate: true },
  );

  watch(
    () => [...notifications.unread.values()],
    (notices) => {
      for (const notice of notices) {
        if (announced.has(notice.ticket.id)) continue;
        announced.add(notice.ticket.id);
        chime();
        showSystemNotification(t('app.name'), t('notifications.assigned', { number: notice.ticket.number, subject: notice.ticket.subject }), () => {
          void router.push({ name: 'ticket', params: { id: notice.ticket.id } });
        });
      }
      for (const id of announced) if (!notifications.unread.has(id)) announced.delete(id);
    },
  );
}

/** Asks for permission to show system notifications; call it from a click (browsers ignore it otherwise). */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

/** A system notification when the browser allows it and the console is not in front; a click brings it forward. */
export function showSystemNotification(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const notification = new Notification(title, { body, tag: body });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}

/** Two soft notes from the Web Audio API: no sound file to download. Silent where audio is not allowed yet. */
export function chime(): void {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.6);
    for (const [frequency, start] of [[880, 0], [1318.5, 0.15]] as const) {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + 0.6);
    }
    setTimeout(() => void audio.close().catch(() => undefined), 1_000);
  } catch {
    // No audio here (a policy, a headless browser): the title and the notification still tell.
  }
}
