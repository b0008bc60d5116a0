/**
 * This console tab's own id in calls: the server rings every tab of an agent but carries a call's signals to
 * the one tab that answered it. Made once per page load (a duplicated tab copies sessionStorage, so it
 * cannot live there); a reloaded tab comes back to its call under a new id, which the server allows.
 */
function randomTabId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `tab-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const CALL_TAB_ID = randomTabId();

/** A fresh idempotency key for one call:start (a retried start gets the same call back). */
export function callClientId(): string {
  return randomTabId().replace('tab-', 'call-');
}
