import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, ErrorCodes } from '@parley/domain';

/** A multipart file part as busboy hands it over: it emits 'limit' and marks itself truncated past its size limit. */
export type FilePart = NodeJS.ReadableStream & { truncated?: boolean; on(event: 'limit', listener: () => void): unknown };

export interface CountedFile {
  /** Streams the part into `out`, counting and hashing it; fails with attachment/too_large past the limit. */
  pipeTo(out: NodeJS.WritableStream): Promise<{ size: number; sha256: string }>;
}

/**
 * Watches one file part for its size limit from the moment it is created, so a limit reached while the caller
 * is still opening the file it will write to (an await) is not missed, and then streams it through a counter
 * and a SHA-256 hash without holding it in memory. Every upload path (an agent's or visitor's upload, the
 * portal's forms) stores files through this one.
 */
export function countedFile(file: FilePart, limit: number): CountedFile {
  const tooLarge = () => new DomainError(ErrorCodes.attachmentTooLarge, `The file is larger than ${limit} bytes.`, { limit });
  let counter: Transform | null = null;
  let overLimit = false;
  file.on('limit', () => {
    overLimit = true;
    counter?.destroy(tooLarge());
  });
  return {
    async pipeTo(out) {
      if (overLimit) throw tooLarge();
      const hash = createHash('sha256');
      let size = 0;
      counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(file, counter, out);
      if (file.truncated) throw tooLarge();
      return { size, sha256: hash.digest('hex') };
    },
  };
}
