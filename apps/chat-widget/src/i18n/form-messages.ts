/**
 * The frame's texts for the widget's settings: the department choice, the offline form and its answer.
 * Apart from chat-messages.ts so each feature's words stay together; they load with the chat UI.
 */
export interface FormMessages {
  /** The pre-chat form's department picker. */
  readonly department: string;
  readonly offlineIntro: string;
  readonly offlineName: string;
  readonly offlineEmail: string;
  readonly offlineMessage: string;
  readonly offlineSend: string;
  /** After the offline form: `{number}` is the ticket number to quote. */
  readonly offlineThanks: string;
  readonly offlineError: string;
  readonly required: string;
}
