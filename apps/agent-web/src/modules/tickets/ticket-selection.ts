/**
 * Which tickets of a list are selected for a mass action. A click toggles one; a shift-click selects the
 * range from the last click to this one, as in any file manager.
 */
export class TicketSelection {
  readonly ids = new Set<number>();
  #anchor: number | null = null;

  /** `order` is the list as shown; returns the new selection. */
  click(order: readonly number[], id: number, shift: boolean): Set<number> {
    const at = order.indexOf(id);
    const anchorAt = this.#anchor === null ? -1 : order.indexOf(this.#anchor);
    if (shift && anchorAt !== -1 && at !== -1) {
      const [from, to] = anchorAt < at ? [anchorAt, at] : [at, anchorAt];
      for (const ticketId of order.slice(from, to + 1)) this.ids.add(ticketId);
    } else if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.#anchor = id;
    return new Set(this.ids);
  }

  replace(ids: Iterable<number>): Set<number> {
    this.ids.clear();
    for (const id of ids) this.ids.add(id);
    this.#anchor = null;
    return new Set(this.ids);
  }
}
