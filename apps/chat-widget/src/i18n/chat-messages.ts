/**
 * The chat frame's texts: their shape here, their words in frame/<locale>.ts, one module per language that the
 * frame loads on its own (frame-messages.ts). Kept apart from messages.ts so that widget.js (loaded on every
 * page) carries only the launcher's few words.
 */
export interface ChatMessages {
  readonly title: string;
  /** The header button that hides the chat panel. */
  readonly minimise: string;
  readonly intro: string;
  readonly name: string;
  readonly email: string;
  readonly question: string;
  readonly start: string;
  /** The accessible name of the list of messages. */
  readonly conversation: string;
  readonly message: string;
  readonly send: string;
  readonly you: string;
  readonly agent: string;
  readonly pending: string;
  readonly failed: string;
  readonly connecting: string;
  readonly reconnecting: string;
  readonly error: string;
  /** Shown with a running counter while no agent has taken the chat yet. */
  readonly waiting: string;
  /** `{name}` is the agent's name. */
  readonly joined: string;
  /** The chat's ticket was resolved by us (not ended by the visitor). */
  readonly routingEnded: string;
  /** "{name} is typing…": an agent writes an answer. */
  readonly agentTyping: string;
  /** Under the visitor's own message: the server has it / an agent has seen it. */
  readonly delivered: string;
  readonly seen: string;
  readonly attach: string;
  /** "Remove {name}": takes a file off the message before it is sent. */
  readonly removeFile: string;
  readonly uploading: string;
  /** "{size}" is the largest allowed size, already formatted. */
  readonly fileTooLarge: string;
  readonly fileType: string;
  readonly fileRateLimited: string;
  readonly fileFailed: string;
  /** "Download {name}". */
  readonly download: string;
  readonly endChat: string;
  readonly endQuestion: string;
  readonly endTranscript: string;
  readonly endTranscriptEmail: string;
  readonly endConfirm: string;
  readonly cancel: string;
  readonly ended: string;
  readonly endedTranscript: string;
}
