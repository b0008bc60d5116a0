/**
 * The files the visitor attaches to their next message: each is uploaded as soon as it is chosen
 * (POST /api/v1/widget/attachments with the visitor token) and waits here until the message is sent.
 */
import type { AttachmentDto, ErrorResponse } from '@parley/protocol';
import type { ChatMessages } from '../i18n/chat-messages';
import { uploadProblem } from './files';
import type { VisitorSession } from './visitor-session';

/** As many as chat:message takes. */
export const MAX_FILES_PER_MESSAGE = 10;

export interface UploadsOptions {
  readonly text: ChatMessages;
  /** Sizes in refusals are written in the visitor's language. */
  readonly locale: string;
  /** The visitor's token, and the largest file the server takes (0: not known, nothing is refused here). */
  readonly session: Pick<VisitorSession, 'token' | 'features'>;
  /** The files or the number still uploading changed: redraw them. */
  readonly changed: () => void;
  /** A refusal to tell the visitor (null: clear the last one). */
  readonly notice: (text: string | null) => void;
  readonly fetcher?: typeof fetch;
}

export class Uploads {
  #list: AttachmentDto[] = [];
  #inFlight = 0;

  readonly #options: UploadsOptions;

  constructor(options: UploadsOptions) {
    this.#options = options;
  }

  /** The files uploaded and waiting for the next message. */
  get files(): readonly AttachmentDto[] {
    return this.#list;
  }

  /** How many files are still on their way to the server: the message waits for them. */
  get uploading(): number {
    return this.#inFlight;
  }

  /** Uploads one file; a refusal (too large, too many, a type the server does not take) is told in the visitor's language. */
  async upload(file: File): Promise<void> {
    const { text: t, locale } = this.#options;
    const max = this.#options.session.features.maxUploadBytes;
    const tooLarge = max > 0 ? uploadProblem(t, locale, max, { size: file.size }) : null;
    if (tooLarge || this.#list.length + this.#inFlight >= MAX_FILES_PER_MESSAGE) {
      this.#options.notice(tooLarge ?? t.fileFailed);
      return;
    }
    this.#options.notice(null);
    this.#inFlight += 1;
    this.#options.changed();
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await (this.#options.fetcher ?? fetch)('/api/v1/widget/attachments', {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${this.#options.session.token ?? ''}` },
        credentials: 'omit',
      });
      const body = (await res.json().catch(() => null)) as unknown;
      if (res.ok && body) this.#list.push(body as AttachmentDto);
      else this.#options.notice(uploadProblem(t, locale, max, { code: (body as Partial<ErrorResponse> | null)?.error?.code ?? 'server/internal' }));
    } catch {
      this.#options.notice(t.fileFailed);
    } finally {
      this.#inFlight -= 1;
      this.#options.changed();
    }
  }

  remove(id: string): void {
    this.#list = this.#list.filter((f) => f.id !== id);
    this.#options.changed();
  }

  /** The waiting files, handed to the message being sent; none wait after. */
  take(): readonly AttachmentDto[] {
    const taken = this.#list;
    this.#list = [];
    this.#options.changed();
    return taken;
  }

  /** The chat ended: the waiting files go with it. */
  clear(): void {
    this.take();
  }
}
