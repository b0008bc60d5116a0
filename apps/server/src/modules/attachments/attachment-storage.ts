import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

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

  async openWrite(key: string): Promise<WriteStream> {
    return createWriteStream(await this.#prepare(key), { flags: 'wx' });
  }

  /** Writes a file already in memory (a letter, a file parsed out of one) in one call. */
  async write(key: string, content: Buffer): Promise<void> {
    await writeFile(await this.#prepare(key), content, { flag: 'wx' });
  }

  async #prepare(key: string): Promise<string> {
    const path = this.pathOf(key);
    const folder = join(path, '..');
    if (!this.#folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#folders.add(folder);
    }
    return path;
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
