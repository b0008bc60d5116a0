/** What one routing step changed, to announce after its commit. */
export interface RoutingOutcome {
  readonly ticketId: number;
  readonly offered?: readonly number[];
  readonly withdrawn?: readonly number[];
  /** The visitor's view changed (waiting, connected, ended). */
  readonly visitorState?: boolean;
  /** Agents whose own chat count changed. */
  readonly mineChanged?: readonly number[];
  /** Capacity or the queue changed: pending chats are offered anew. */
  readonly reoffer?: boolean;
}
