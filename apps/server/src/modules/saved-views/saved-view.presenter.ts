import { SavedViewFilters, type SavedViewDto } from '@parley/protocol';
import type { SavedView } from './saved-view.entity.js';

/**
 * The stored filters, read back through the protocol's schema. A filter the schema no longer accepts (a
 * value since removed) is dropped on its own, so one stale filter never makes a whole view unreadable.
 */
export function readFilters(text: string): SavedViewFilters {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const whole = SavedViewFilters.safeParse(raw);
  if (whole.success) return whole.data;
  if (typeof raw !== 'object' || raw === null) return {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = SavedViewFilters.shape[key as keyof SavedViewFilters];
    const parsed = field?.safeParse(value);
    if (parsed?.success && parsed.data !== undefined) kept[key] = parsed.data;
  }
  return kept as SavedViewFilters;
}

export function writeFilters(filters: SavedViewFilters): string {
  return JSON.stringify(filters);
}

export function presentSavedView(view: SavedView, filters: SavedViewFilters, count: number): SavedViewDto {
  return {
    id: view.id,
    name: view.name,
    filters,
    count,
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
