import type { WidgetConfigDto } from '@parley/protocol';

/** What the loader uses of a widget's config: its colour and side, each only when the server gave one. */
export type WidgetLook = Partial<Pick<WidgetConfigDto, 'colour' | 'position'>>;

/**
 * A widget's looks from `GET /api/v1/widget/config/<key>` (credential-less, briefly cached). null: the server
 * says there is no such active widget, so nothing should show; undefined: it could not be asked (offline,
 * blocked), so the launcher shows with the defaults rather than not at all.
 */
export async function loadLook(serverUrl: string, key: string, fetcher: typeof fetch = fetch): Promise<WidgetLook | null | undefined> {
  try {
    const res = await fetcher(`${serverUrl}/api/v1/widget/config/${encodeURIComponent(key)}`, { credentials: 'omit' });
    if (res.status === 404) {
      console.warn(`Parley widget: no active widget "${key}".`);
      return null;
    }
    if (!res.ok) return undefined;
    // Checked, not trusted: the loader runs on every page of the site, and a bad answer must not break it
    // (applyLook also admits only a #rrggbb colour and a known side).
    const body = (await res.json()) as Partial<Record<keyof WidgetConfigDto, unknown>>;
    return {
      ...(typeof body.colour === 'string' ? { colour: body.colour } : {}),
      ...(typeof body.position === 'string' ? { position: body.position as WidgetConfigDto['position'] } : {}),
    };
  } catch {
    return undefined;
  }
}
