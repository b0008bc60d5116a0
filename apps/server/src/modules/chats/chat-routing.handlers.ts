import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { AgentSocket } from '../../realtime/socket-types.js';
import { acceptOffer, chatSessionOf, declineOffer, inviteColleague, pendingOffers, transferChatTo } from './chat-routing.service.js';

/** An agent's chat routing commands: take or refuse a ringing chat, hand one on, bring a colleague in. */
export function registerChatRoutingHandlers(app: AppContext, socket: AgentSocket): void {
  defineHandler(app, socket, 'chat:accept', ({ ticketId }, scope) => acceptOffer(scope, ticketId));
  defineHandler(app, socket, 'chat:decline', ({ ticketId }, scope) => declineOffer(scope, ticketId));
  defineHandler(app, socket, 'chat:transfer', (payload, scope) => transferChatTo(scope, payload));
  defineHandler(app, socket, 'chat:invite', (payload, scope) => inviteColleague(scope, payload));
  defineHandler(app, socket, 'chat:offers', (_payload, scope) => pendingOffers(scope));
  defineHandler(app, socket, 'chat:session', ({ ticketId }, scope) => chatSessionOf(scope, ticketId));
}
