/**
 * "Typing…" both ways: the visitor's, told to the agents (renewed while keys are pressed, withdrawn when the
 * visitor stops, clears the box or sends), and an agent's, shown under the conversation until it lapses.
 */
import { fill } from './files';

const TYPING_RENEW_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
/** An agent's "typing" goes away unless renewed within this time (the console renews it while keys are pressed). */
const AGENT_TYPING_LAPSE_MS = 6_000;

export class OwnTyping {
  #sentAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #send: (typing: boolean) => void;
  readonly #canSend: () => boolean;
  readonly #now: () => number;

  /** `send` tells the server; `canSend` says whether there is anyone to tell (a chat, and a connection). */
  constructor(send: (typing: boolean) => void, canSend: () => boolean, now: () => number = Date.now) {
    this.#send = send;
    this.#canSend = canSend;
    this.#now = now;
  }

  /** The composer changed: `active` when it holds text. */
  input(active: boolean): void {
    if (!this.#canSend()) return;
    clearTimeout(this.#timer);
    if (!active) {
      this.stop();
      return;
    }
    const now = this.#now();
    if (now - this.#sentAt > TYPING_RENEW_MS) {
      this.#sentAt = now;
      this.#send(true);
    }
    this.#timer = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** The visitor stopped (sent, went idle, or the chat ended): withdrawn, if it was told. */
  stop(): void {
    clearTimeout(this.#timer);
    if (this.#sentAt === 0) return;
    this.#sentAt = 0;
    if (this.#canSend()) this.#send(false);
  }
}

/** "Sam is typing…": shown until the agent stops, sends, or does not renew it in time. */
export class AgentTypingLine {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #template: string;

  /** `template` has `{name}` where the agent's name goes. */
  constructor(
    readonly element: HTMLElement,
    template: string,
  ) {
    this.#template = template;
    element.setAttribute('aria-live', 'polite');
    element.hidden = true;
  }

  show(name: string | null): void {
    clearTimeout(this.#timer);
    this.element.hidden = name === null;
    this.element.textContent = name === null ? '' : fill(this.#template, { name });
    if (name !== null) this.#timer = setTimeout(() => this.show(null), AGENT_TYPING_LAPSE_MS);
  }
}
