import { onScopeDispose, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { ringTone } from '../../composables/use-chat-ringer';
import { showSystemNotification } from '../../composables/use-assignment-alerts';
import { useCallsStore } from '../../stores/calls';
import { useDirectoryStore } from '../../stores/directory';

/** How often an unanswered call rings again. */
const CALL_RING_REPEAT_MS = 3_000;

/** Whether the page may play sound: browsers allow it only after the agent has clicked or typed in it once. */
function mayPlaySound(): boolean {
  return (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? false;
}

function ring(): void {
  if (mayPlaySound()) ringTone();
}

/**
 * Rings while a call waits for an answer in this tab (every tab of the agent rings; the server stops the
 * others once one answers), with a system notification for a new call when the console is not in front.
 */
export function useCallRinger(): void {
  const { t } = useI18n({ useScope: 'global' });
  const calls = useCallsStore();
  const directory = useDirectoryStore();
  const announced = new Set<number>();
  let repeat: ReturnType<typeof setInterval> | null = null;

  watch(
    () => calls.incoming.map((c) => c.id),
    (ids) => {
      const fresh = calls.incoming.filter((c) => !announced.has(c.id));
      for (const call of fresh) {
        announced.add(call.id);
        const name = directory.agentName(call.callerAgentId) ?? t('calls.someone');
        showSystemNotification(t('calls.incomingTitle'), t('calls.incomingFrom', { name }), () => undefined);
      }
      if (fresh.length > 0) ring();
      for (const id of announced) if (!ids.includes(id)) announced.delete(id);
      if (ids.length > 0 && !repeat) repeat = setInterval(ring, CALL_RING_REPEAT_MS);
      if (ids.length === 0 && repeat) {
        clearInterval(repeat);
        repeat = null;
      }
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    if (repeat) clearInterval(repeat);
  });
}
