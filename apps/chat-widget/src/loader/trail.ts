/**
 * The pages of this visit, kept by the loader in the host page's sessionStorage (the chat frame loads only
 * when opened, so it cannot see them): handed to the frame when it opens, for the agents' view of the visit.
 */
import type { VisitorTrailPage } from '@parley/protocol';

/** A page of the visit: when it was shown (ISO 8601, the visitor's clock) and, on the first page only, the referrer. */
export type TrailPage = VisitorTrailPage;

const KEY = 'parley.trail';
const KEPT = 20;

export function sessionStorageOf(view: Window): Storage | null {
  try {
    return view.sessionStorage;
  } catch {
    return null;
  }
}

export function readTrail(storage: Storage | null): TrailPage[] {
  try {
    const parsed = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((p): p is TrailPage => typeof p?.url === 'string' && typeof p?.at === 'string').slice(-KEPT) : [];
  } catch {
    return [];
  }
}

/** Adds a page (not when it is the one already last: a reload); the first page keeps the referrer. */
export function addToTrail(storage: Storage | null, page: { url: string; title?: string }, at: Date, referrer?: string): TrailPage[] {
  const trail = readTrail(storage);
  if (trail.at(-1)?.url === page.url) return trail;
  const entry: TrailPage = {
    url: page.url.slice(0, 2000),
    ...(page.title ? { title: page.title.slice(0, 500) } : {}),
    at: at.toISOString(),
    ...(trail.length === 0 && referrer ? { referrer: referrer.slice(0, 2000) } : {}),
  };
  const next = [...trail, entry].slice(-KEPT);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or blocked: the agent sees the pages from the chat's opening on.
  }
  return next;
}
