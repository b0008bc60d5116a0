import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFlags } from '../src/bench/server-process.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The README's commands as a newcomer types them: the root `npm` scripts from a shell with only the system's
 * Node on PATH (Debian's 20, no pnpm). The toolchain they bootstrap is cached in ~/.cache/parley/node24, so
 * after the first run this costs seconds.
 */
function npm(args: string[], timeout = 120_000) {
  const run = spawnSync('/usr/bin/npm', args, {
    cwd: repoRoot,
    env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? homedir() },
    encoding: 'utf8',
    timeout,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe.skipIf(!existsSync('/usr/bin/npm'))('the README commands from a bare shell', () => {
  it('reaches Node 24 and pnpm through the root npm scripts, whatever Node the system has', () => {
    const run = npm(['run', '--silent', 'toolchain']);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/^v24\./m);
    expect(run.output).toMatch(/^10\.\d+\.\d+$/m);
  }, 180_000);

  it('runs a package test suite through `npm test`', () => {
    // --force: a cached result would not run pnpm at all. The domain's suite is the smallest.
    const run = npm(['test', '--', '--filter=@parley/domain', '--force'], 240_000);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/@parley\/domain:test/);
    expect(run.output).toMatch(/1 successful, 1 total|Tasks:\s+\d+ successful/);
  }, 300_000);
});

describe('the start command', () => {
  it('keeps the node flags where the benchmarks read them (the serve script that start hands over to)', () => {
    expect(startFlags()).toEqual(['--max-semi-space-size=16', '--enable-source-maps']);
  });
});
