import { onScopeDispose, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useChatRoutingStore } from '../stores/chat-routing';
import { showSystemNotification } from './use-assignment-alerts';

/** How often a waiting chat rings again while it is not answered. */
export const RING_REPEAT_MS = 4_000;

/**
 * A phone-like ring made with the Web Audio API (no sound file): two short bursts of two tones. Silent where
 * audio is not allowed yet (no click on the page so far) or not available at all.
 */
export function ringTone(): void {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    for (const burst of [0, 0.45]) {
      gain.gain.exponentialRampToValueAtTime(0.12, audio.currentTime + burst + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + burst + 0.35);
      for (const frequency of [440, 480]) {
        const tone = audio.createOscillator();
        tone.frequency.value = frequency;
        tone.connect(gain);
        tone.start(audio.currentTime + burst);
        tone.stop(audio.currentTime + burst + 0.35);
      }
    }
    setTimeout(() => void audio.close().catch(() => undefined), 1_200);
  } catch {
    // No audio here: the card and the system notification still tell.
  }
}

/**
 * Rings while chats wait for this console: at once for a new offer (with a system notification when the
 * browser allows it), then again every few seconds until every offer is answered or withdrawn.
 */
export function useChatRinger(): void {
  const { t } = useI18n({ useScope: 'global' });
  const chats = useChatRoutingStore();
  const router = useRouter();
  const announced = new Set<number>();
  let repeat: ReturnType<typeof setInterval> | null = null;

  watch(
    () => chats.offers.map((o) => o.ticketId),
    (ids) => {
      const fresh = chats.offers.filter((o) => !announced.has(o.ticketId));
      for (const offer of fresh) {
        announced.add(offer.ticketId);
        showSystemNotification(t('chats.notificationTitle'), t('chats.notificationBody', { number: offer.number, name: offer.visitorName ?? t('chats.anonymous') }), () => {
          void router.push({ name: 'tickets' });
        });
      }
      if (fresh.length > 0) ringTone();
      for (const id of announced) if (!ids.includes(id)) announced.delete(id);
      if (ids.length > 0 && !repeat) repeat = setInterval(ringTone, RING_REPEAT_MS);
      if (ids.length === 0 && repeat) {
        clearInterval(repeat);
        repeat = null;
      }
    },
    { immediate: true },
  );

  watch(
    () => chats.invitations.map((i) => i.ticketId),
    (ids, before) => {
      const fresh = chats.invitations.filter((i) => !(before ?? []).includes(i.ticketId));
      for (const invitation of fresh) {
        showSystemNotification(t('chats.notificationTitle'), t('chats.invitedBody', { number: invitation.number }), () => {
          void router.push({ name: 'ticket', params: { id: invitation.ticketId } });
        });
      }
      if (fresh.length > 0 && ids.length > 0) ringTone();
    },
  );

  onScopeDispose(() => {
    if (repeat) clearInterval(repeat);
  });
}
