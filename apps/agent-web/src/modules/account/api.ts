import type { Api, BodyInputOf, ResponseOf } from '@parley/protocol';
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

export type TwoFactorEnrolment = ResponseOf<Api['startTwoFactorEnrolment']>;
export type RecoveryCodes = ResponseOf<Api['confirmTwoFactorEnrolment']>;
export type SecuritySettings = ResponseOf<Api['getSecuritySettings']>;

export function startTwoFactorEnrolment(): Promise<TwoFactorEnrolment> {
  return http.request<TwoFactorEnrolment>('POST', '/auth/two-factor/enrolment');
}

export function confirmTwoFactorEnrolment(code: string): Promise<RecoveryCodes> {
  return http.request<RecoveryCodes>('POST', '/auth/two-factor/enrolment/confirm', { code });
}

export function disableTwoFactor(password: string, code: string): Promise<void> {
  return http.request<void>('POST', '/auth/two-factor/disable', { password, code });
}

export function getSecuritySettings(): Promise<SecuritySettings> {
  return http.request<SecuritySettings>('GET', '/settings/security');
}

export function updateSecuritySettings(body: SecuritySettings): Promise<SecuritySettings> {
  return http.request<SecuritySettings>('PUT', '/settings/security', body);
}

/** Ten new recovery codes (the old ones stop working); the password and a current code prove it is the owner. */
export function regenerateRecoveryCodes(password: string, code: string): Promise<RecoveryCodes> {
  return http.request<RecoveryCodes>('POST', '/auth/two-factor/recovery-codes', { password, code } satisfies BodyInputOf<Api['regenerateRecoveryCodes']>);
}
