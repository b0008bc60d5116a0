import type { Scope } from '../../app-context.js';

/**
 * Runs a knowledge base change and, once it has committed, empties this instance's cache of public pages, so
 * the next reader sees the change (other instances see it when their kept pages are next checked).
 */
export async function changingHelpPages<T>(scope: Scope, change: Promise<T>): Promise<T> {
  const result = await change;
  scope.app.helpPages.forgetAll();
  return result;
}
