/** What the frame reads of its widget's settings: GET /api/v1/widget/config[/:key]. */
import type { WidgetConfigDto } from '@parley/protocol';

/**
 * The widget's config, from the frame's own server: by key, or the defaults (for the embed's department) when
 * the embed has no data-widget. undefined when it cannot be read: the frame then behaves as before settings
 * existed (the default pre-chat form, and the chat rather than the offline form).
 */
export async function loadFrameConfig(widgetKey: string | undefined, departmentId: number | undefined, fetcher: typeof fetch = fetch): Promise<WidgetConfigDto | undefined> {
  const path = widgetKey
    ? `/api/v1/widget/config/${encodeURIComponent(widgetKey)}`
    : `/api/v1/widget/config${departmentId !== undefined ? `?department=${departmentId}` : ''}`;
  try {
    const res = await fetcher(path, { credentials: 'omit' });
    return res.ok ? ((await res.json()) as WidgetConfigDto) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether someone can chat in the department the chat would go to (the visitor's pick, else any offered). */
export function canChat(config: WidgetConfigDto | undefined, departmentId?: number): boolean {
  if (!config) return true;
  if (departmentId !== undefined && config.departments.some((d) => d.id === departmentId)) return config.departments.some((d) => d.id === departmentId && d.online);
  return config.online;
}
