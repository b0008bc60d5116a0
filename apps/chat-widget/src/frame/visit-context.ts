/**
 * Where the visitor is, for the agents' view of the visit: the page the host shows now, the pages of the
 * visit before the chat opened (told once), and the visitor's language and clock.
 */
import type { VisitorCommandPayload, VisitorPage, VisitorTrailPage } from '@parley/protocol';

export type ContextReport = VisitorCommandPayload<'visitor:context'>;

export class VisitContext {
  #trail: VisitorTrailPage[] | undefined;

  #current: VisitorPage | undefined;

  constructor(page: VisitorPage | undefined) {
    this.#current = page;
  }

  get page(): VisitorPage | undefined {
    return this.#current;
  }

  /** The page the host shows now (a single-page site changed it). */
  setPage(page: VisitorPage): void {
    this.#current = page;
  }

  /** The loader's pages of the visit: the newest 20, cut to what the server takes. */
  setTrail(pages: readonly VisitorTrailPage[]): void {
    this.#trail = pages.slice(-20).map((p) => ({
      url: p.url.slice(0, 2000),
      at: p.at,
      ...(p.title ? { title: p.title.slice(0, 500) } : {}),
      ...(p.referrer ? { referrer: p.referrer.slice(0, 2000) } : {}),
    }));
  }

  /** What to tell the server now; null while no page is known. */
  report(language: string | undefined, timeZone: string | undefined): ContextReport | null {
    if (!this.#current) return null;
    const trail = this.#trail;
    return {
      page: this.#current,
      ...(language ? { language } : {}),
      ...(timeZone ? { timeZone } : {}),
      ...(trail && trail.length > 0 ? { trail } : {}),
    };
  }

  /** The server took `report`: its trail is not told again (unless a new one came meanwhile). */
  told(report: ContextReport): void {
    if (report.trail !== undefined && report.trail === this.#trail) this.#trail = undefined;
  }
}

/** The visitor's IANA time zone, when the browser tells it. */
export function currentTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The visitor's time zone for chat:end, so the transcript's times read as their clock did. */
export function transcriptTimeZone(): { timeZone?: string } {
  const zone = currentTimeZone();
  return zone && /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone) ? { timeZone: zone } : {};
}
