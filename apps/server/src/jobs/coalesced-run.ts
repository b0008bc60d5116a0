/**
 * A background job started on demand ("there is new work"): a call while it runs does not start a second
 * run beside it but one more run after it, so work that arrived during a run is never left waiting for the
 * next periodic sweep. Failures go to `onError`; `settled()` waits for the run in flight (on shutdown).
 */
export class CoalescedRun {
  #running: Promise<unknown> | null = null;
  #again = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.run()
      .catch(this.onError)
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async settled(): Promise<void> {
    await this.#running;
  }

  /** Waits until no run is in flight, including the one more a call during a run asked for. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }
}
