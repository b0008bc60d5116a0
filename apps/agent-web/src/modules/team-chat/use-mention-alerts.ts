import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { chime, showSystemNotification } from '../../composables/use-assignment-alerts';
import { useDirectoryStore } from '../../stores/directory';
import { useTeamChatStore } from '../../stores/team-chat';

/** A mention in the team chat rings like an assignment, and shows a system notification when the console is not in front. */
export function useMentionAlerts(): void {
  const { t } = useI18n({ useScope: 'global' });
  const teamChat = useTeamChatStore();
  const directory = useDirectoryStore();
  const router = useRouter();
  watch(
    () => teamChat.lastMention,
    (notice) => {
      if (!notice) return;
      chime();
      const conversation = teamChat.byId.get(notice.conversationId);
      const body = t('team.mentionNotice', { name: directory.agentName(notice.message.authorAgentId) ?? t('team.formerAgent'), conversation: conversation?.name ?? '' });
      showSystemNotification(t('app.name'), body, () => {
        void router.push({ name: 'team', params: { conversationId: notice.conversationId } });
      });
    },
  );
}
