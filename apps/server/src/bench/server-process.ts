import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The node flags `pnpm start` runs the server with: the root package.json's serve script (which start runs
 * after bootstrapping the toolchain), the one place they are written, so the figures are those of the server
 * as it is run.
 */
export function startFlags(): string[] {
  const root = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../package.json', import.meta.url)), 'utf8')) as { scripts: { serve: string } };
  const command = /\bnode ((?:--\S+ )*)apps\/server\/dist\/main\.js/.exec(root.scripts.serve);
  if (!command) throw new Error(`the root serve script does not run apps/server/dist/main.js with node: ${root.scripts.serve}`);
  return command[1]!.split(' ').filter(Boolean);
}

/**
 * Starts the built server in its own process, as production runs it, and resolves once it listens.
 * It runs with the serve script's node flags (startFlags); BENCH_SERVER_NODE_ARGS adds more, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the time goes.
 */
export async function startServerProcess(env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const main = fileURLToPath(new URL('../main.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...startFlags(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), main], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^ ,]+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A process's resident memory in kB, from /proc (Linux). */
export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/**
 * The CPU time a process has used so far in ms (user + system, from /proc; Linux counts it in ticks of
 * 1/100 s). Divided by the work done, it gives a cost per request that a busy machine disturbs far less
 * than it disturbs throughput.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15 of proc(5)
  return ticks * 10;
}
