import { rooms } from '../../realtime/rooms.js';
import type { LoadedConversation } from './team-chat.service.js';

/**
 * The rooms of a team conversation's members, all in the /agent namespace: a department channel reaches its
 * department's room and the administrators, any other conversation its members' own rooms. Never a ticket's
 * room, never a visitor.
 */
export function teamConversationRooms({ conversation, memberIds }: LoadedConversation): string[] {
  if (conversation.kind === 'department' && conversation.department) return [rooms.department(conversation.department), rooms.administrators];
  return memberIds.map(rooms.agent);
}
