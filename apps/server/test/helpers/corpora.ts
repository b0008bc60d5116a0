import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The shared test corpora (mail, hostile HTML, charset tables written by others), or null when this machine
 * has none: PARLEY_CORPORA, else `shared/corpora` beside the checkout or any folder above it.
 */
export function corporaDir(): string | null {
  if (process.env.PARLEY_CORPORA) return existsSync(process.env.PARLEY_CORPORA) ? process.env.PARLEY_CORPORA : null;
  let dir = resolve(import.meta.dirname, '..', '..', '..', '..');
  for (;;) {
    const candidate = join(dir, '..', 'shared', 'corpora');
    if (existsSync(join(candidate, 'manifest.json'))) return resolve(candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return existsSync('/work/shared/corpora/manifest.json') ? '/work/shared/corpora' : null;
}
