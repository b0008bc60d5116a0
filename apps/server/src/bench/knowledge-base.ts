import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { note, percentile, report } from './report.js';
import { SEARCH_BENCH_WORDS } from './search-vocabulary.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, freshDatabase, serverEnv } from './targets.js';

const articles = Number(process.env.BENCH_KB_ARTICLES ?? 10_000);
const readers = Number(process.env.BENCH_KB_READERS ?? 200);
const readSeconds = Number(process.env.BENCH_KB_SECONDS ?? 10);
const searches = Number(process.env.BENCH_KB_SEARCHES ?? 300);

/** The Bulgarian words of the vocabulary (the articles are Bulgarian, as the scenario). */
const WORDS = SEARCH_BENCH_WORDS.slice(20, 40);

/** A paragraph of words picked with a skew towards the first ones, as real text repeats its common words. */
function paragraph(n: number, seed: number): string {
  let x = seed * 2654435761;
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const r = (x % 10_000) / 10_000;
    words.push(WORDS[Math.floor(r * r * WORDS.length)]!);
  }
  return words.join(' ');
}

/**
 * The knowledge base (issue 15): `help_article_ttfb_p95_<db>`, the time to the first byte of a cached public
 * article page (`/help/bg/<slug>`) with `readers` readers at once reading 100 articles in turn (each its own
 * keep-alive connection, as browsers would); and `kb_search_p95_<common|rare|prefix|phrase>_<db>`, an agent's
 * search among `articles` Bulgarian articles. The articles are written through the REST API, so each has its
 * revision and its search words as an editor's would.
 */
export async function benchKnowledgeBase(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'kb');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const server = await startServerProcess(serverEnv(target, dir));
  try {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await apiToken(server.url)}` };
    const started = Date.now();
    const slugs: string[] = [];
    let next = 0;
    const write = async () => {
      while (next < articles) {
        const n = next++;
        const body = `<h2>${paragraph(4, n)}</h2><p>${paragraph(60, n + 1)}</p><ul><li>${paragraph(8, n + 2)}</li><li>${paragraph(8, n + 3)}</li></ul><p>уникален${n} ${paragraph(40, n + 4)}</p>`;
        const res = await fetch(`${server.url}/api/v1/kb/articles`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: `Статия ${n}: ${paragraph(5, n + 5)}`, language: 'bg', body, status: 'published', tags: [WORDS[n % WORDS.length]!] }),
        });
        if (res.status !== 201) throw new Error(`article ${n}: ${res.status} ${await res.text()}`);
        const { slug } = (await res.json()) as { slug: string };
        if (slugs.length < 100) slugs.push(slug);
      }
    };
    await Promise.all(Array.from({ length: 8 }, write));
    note(`[${db}] wrote ${articles} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const url = new URL(server.url);
    const paths = slugs.map((slug) => `/help/bg/${encodeURIComponent(slug)}`);
    // Warm up: render and cache every page once.
    for (const path of paths) await firstByte(url, path);
    const ttfb: number[] = [];
    const until = performance.now() + readSeconds * 1000;
    let failures = 0;
    await Promise.all(
      Array.from({ length: readers }, async (_, reader) => {
        for (let i = reader; performance.now() < until; i++) {
          const result = await firstByte(url, paths[i % paths.length]!);
          if (result.status !== 200) failures++;
          ttfb.push(result.ms);
        }
      }),
    );
    if (failures > 0) throw new Error(`${failures} article reads did not answer 200`);
    ttfb.sort((a, b) => a - b);
    note(`[${db}] /help article: ${ttfb.length} reads by ${readers} readers in ${readSeconds} s, p50 ${percentile(ttfb, 50).toFixed(1)} ms`);
    report(`help_article_ttfb_p95_${db}`, percentile(ttfb, 95), 'ms');

    const queries: Record<string, (i: number) => string> = {
      common: (i) => WORDS[i % 3]!,
      rare: (i) => `уникален${(i * 7919) % articles}`,
      prefix: (i) => WORDS[i % WORDS.length]!.slice(0, 4),
      phrase: (i) => `"${WORDS[i % 4]} ${WORDS[(i + 1) % 4]}"`,
    };
    for (const [kind, query] of Object.entries(queries)) {
      const latencies: number[] = [];
      for (let i = 0; i < searches; i++) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/v1/kb/search?language=bg&limit=10&q=${encodeURIComponent(query(i))}`, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`search answered ${res.status}`);
        if (i >= 20) latencies.push(performance.now() - t0); // the first 20 warm up
      }
      latencies.sort((a, b) => a - b);
      report(`kb_search_p95_${kind}_${db}`, percentile(latencies, 95), 'ms');
    }
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

/** Milliseconds from sending a GET to its response's first byte (the status line), with the body then drained. */
function firstByte(url: URL, path: string): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: url.hostname, port: url.port, path, agent, headers: { 'accept-language': 'bg' } }, (res) => {
      const ms = performance.now() - t0;
      res.resume();
      res.on('end', () => resolve({ ms, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
