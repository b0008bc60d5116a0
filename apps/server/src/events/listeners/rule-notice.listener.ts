import type { AppContext } from '../../app-context.js';
import { rooms } from '../../realtime/rooms.js';
import type { AgentNamespace } from '../../realtime/socket-types.js';

/** Tells each agent an automation rule notified, on every instance (the rooms span them with Redis). */
export function registerRuleNoticeListener(app: AppContext, agents: AgentNamespace): void {
  app.events.on('automation.notice', ({ ticketId, agentIds, subject, ruleName, message }) => {
    for (const agentId of agentIds) agents.to(rooms.agent(agentId)).emit('ticket:rule_notice', { ticketId, subject, ruleName, message });
  });
}
