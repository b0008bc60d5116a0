import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const PARTIAL_SUFFIX = '.part';

/** A file being written: `commit` moves it to its key once complete, `discard` closes and removes it. */
export interface PartialFile {
  readonly stream: WriteStream;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Files on disk under the configured storage directory, named by a random key (never by the uploader's
 * file name), two levels of fan-out so no folder grows huge.
 */
export class AttachmentStorage {
  /** Fan-out folders known to exist, so a busy import does not ask the file system again for each file. */
  readonly #folders = new Set<string>();

  constructor(private readonly root: string) {}

  newKey(): string {
    const key = randomUUID();
    return `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  }

  /**
   * A file being received: written under a temporary name in the partial folder and moved to its key only
   * when complete, so a crash mid-upload leaves a stray partial file the sweep can recognise, never a
   * half-written file under a real key.
   */
  async openPartial(key: string): Promise<PartialFile> {
    const final = await this.#prepare(key);
    await this.#ensureFolder(this.#partialFolder);
    const path = join(this.#partialFolder, `${randomUUID()}${PARTIAL_SUFFIX}`);
    const stream = createWriteStream(path, { flags: 'wx' });
    return {
      stream,
      commit: async () => {
        if (!stream.closed) await once(stream, 'close');
        await rename(path, final);
      },
      discard: async () => {
        // Wait for the descriptor to be closed before removing: a stream destroyed before its file was opened
        // still opens it, and a removal that came first would leave the file behind.
        if (!stream.closed) {
          const closed = once(stream, 'close').catch(() => undefined);
          stream.destroy();
          await closed;
        }
        await rm(path, { force: true });
      },
    };
  }

  /** Removes partial files untouched since `before`: uploads a crashed process or a lost connection left behind. */
  async removeStalePartials(before: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#partialFolder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith(PARTIAL_SUFFIX)) continue;
      const path = join(this.#partialFolder, name);
      const info = await stat(path).catch(() => null);
      if (!info || info.mtime >= before) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  /** Writes a file already in memory (a letter, a file parsed out of one) in one call. */
  async write(key: string, content: Buffer): Promise<void> {
    await writeFile(await this.#prepare(key), content, { flag: 'wx' });
  }

  async #prepare(key: string): Promise<string> {
    const path = this.pathOf(key);
    await this.#ensureFolder(join(path, '..'));
    return path;
  }

  async #ensureFolder(folder: string): Promise<void> {
    if (this.#folders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    this.#folders.add(folder);
  }

  /** Beside the key folders (whose names are two hex digits), on the same file system so completing is a rename. */
  get #partialFolder(): string {
    return join(this.root, 'partial');
  }

  openRead(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  /** A whole file in memory (a stored letter, a file attached to one): for what is parsed or mailed as a whole. */
  read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error('invalid storage key');
    return join(this.root, key);
  }
}
