/**
 * The frame's texts for the widget's settings: the department choice, the offline form and its answer.
 * Apart from chat-messages.ts so each feature's words stay together; they load with the chat UI.
 */
export interface FormMessages {
  /** The pre-chat form's department picker. */
  readonly department: string;
  readonly offlineIntro: string;
  /** The offline form's intro when no email can go out: it promises no answer by email. */
  readonly offlineIntroNoEmail: string;
  readonly offlineName: string;
  readonly offlineEmail: string;
  readonly offlineMessage: string;
  readonly offlineSend: string;
  /** After the offline form: `{number}` is the ticket number to quote. */
  readonly offlineThanks: string;
  /** The same without the promise of email (`{number}` as well). */
  readonly offlineThanksNoEmail: string;
  readonly offlineError: string;
  readonly required: string;
}
