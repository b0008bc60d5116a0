import { CallStartRequest, CallTabId } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { CALL_TAB_ID, callClientId } from './tab-id';

describe('call tab ids', () => {
  it('are ids the server accepts, one per page load, and a fresh idempotency key per call', () => {
    expect(CallTabId.safeParse(CALL_TAB_ID).success).toBe(true);
    const first = callClientId();
    const second = callClientId();
    expect(first).not.toBe(second);
    expect(CallStartRequest.safeParse({ conversationId: 1, tabId: CALL_TAB_ID, clientId: first }).success).toBe(true);
  });
});
