export { type CallInput, type CallResult, createParleyClient, type Operation, ParleyApiError, type ParleyClient, type ParleyClientOptions } from './api-client.js';
export { type AgentSocketOptions, connectAgentSocket, type ParleyAgentSocket, sendAgentCommand } from './agent-socket.js';
export { verifyWebhook, type WebhookVerification, WebhookSignatureError } from './webhook-verification.js';
