import type { TicketDto } from '@parley/protocol';
import { useI18n } from 'vue-i18n';
import { useDirectoryStore } from '../stores/directory';

/** A ticket's status as agents see it: its custom status's name when it has one, else the built-in status in their language. */
export function useStatusName(): (ticket: Pick<TicketDto, 'status' | 'customStatusId'>) => string {
  const { t } = useI18n({ useScope: 'global' });
  const directory = useDirectoryStore();
  return (ticket) => directory.customStatusById.get(ticket.customStatusId ?? 0)?.name ?? t(`status.${ticket.status}`);
}
