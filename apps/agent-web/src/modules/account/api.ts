import type { Api, ResponseOf } from '@parley/protocol';
import { http } from '../../api/http';

/** The Security page's REST calls, typed from the protocol's endpoint registry. */
export type OwnCredentials = ResponseOf<Api['listSessions']>;
export type SignedOutEverywhere = ResponseOf<Api['signOutEverywhere']>;

export function listOwnCredentials(): Promise<OwnCredentials> {
  return http.request<OwnCredentials>('GET', '/auth/sessions');
}

export function endSession(id: number): Promise<void> {
  return http.request<void>('DELETE', `/auth/sessions/${id}`);
}

export function signOutEverywhere(): Promise<SignedOutEverywhere> {
  return http.request<SignedOutEverywhere>('POST', '/auth/sign-out-everywhere');
}

export function revokeApiToken(id: number): Promise<void> {
  return http.request<void>('DELETE', `/api-tokens/${id}`);
}
