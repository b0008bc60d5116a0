import { isInvitationPending, readNotificationSettings } from '@parley/domain';
import type { AgentDto, Locale } from '@parley/protocol';
import type { Agent } from './agent.entity.js';

export function presentAgent(agent: Agent, departmentIds: number[]): AgentDto {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    active: agent.active,
    locale: agent.locale as Locale,
    availability: agent.availability,
    departmentIds,
    maxConcurrentChats: agent.maxConcurrentChats,
    emailNotifications: readNotificationSettings(agent.emailNotifications),
    invitationPending: isInvitationPending(agent),
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}
