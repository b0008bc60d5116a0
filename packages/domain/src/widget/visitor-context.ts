/** What agents see of a visitor's visit: the pages of this session, newest last, at most this many. */
export const VISITOR_PAGES_KEPT = 20;

export interface VisitedPage {
  readonly url: string;
  readonly title?: string | undefined;
  /** When the page was reported (ISO 8601). */
  readonly at: string;
}

/**
 * Adds a page to the visit. The same address reported again (a reload, a second tab, the frame reconnecting)
 * updates the newest entry instead of repeating it; the oldest pages fall off past VISITOR_PAGES_KEPT.
 */
export function recordPageVisit(pages: readonly VisitedPage[], page: VisitedPage, kept = VISITOR_PAGES_KEPT): VisitedPage[] {
  const last = pages.at(-1);
  const next = last && last.url === page.url ? [...pages.slice(0, -1), page] : [...pages, page];
  return next.slice(-kept);
}

const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
/** An IANA time zone name as the browser reports it (Europe/Sofia, America/Argentina/Buenos_Aires, UTC). */
export function isTimeZoneName(value: string): boolean {
  return value.length <= 64 && TIME_ZONE.test(value);
}
