/**
 * An administrator's new order for an ordered list (SLA policies, triggers, time rules): each id's position
 * from 1, or null unless the request names every current id exactly once.
 */
export function reorderedPositions(current: readonly number[], requested: readonly number[]): Map<number, number> | null {
  const wanted = new Set(requested);
  if (wanted.size !== requested.length || wanted.size !== current.length || current.some((id) => !wanted.has(id))) return null;
  return new Map(requested.map((id, index) => [id, index + 1]));
}
