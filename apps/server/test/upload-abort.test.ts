import { mkdirSync, readdirSync, readlinkSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { removeStalePartialUploads } from '../src/jobs/abandoned-uploads.job.js';
import { Attachment } from '../src/modules/attachments/attachment.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { issueVisitor } from './helpers/sockets.js';

const UPLOADS = 200;

/** Open descriptors of this process, which runs the server in-process. */
/**
 * Descriptors open on files (not sockets or pipes): what a leaked upload holds. Sockets are left out because
 * the PostgreSQL pool opens and closes connections of its own as the load comes and goes.
 */
const openDescriptors = () =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('/');
    } catch {
      return false; // closed between listing and reading
    }
  }).length;

/** Every file under the attachments folder, partial ones included. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/**
 * An upload whose client goes away mid-body, over a raw socket: the headers promise a large multipart body,
 * the file part starts and some of its bytes arrive, then the connection is destroyed (reset, not ended).
 */
function abortedUpload(baseUrl: string, path: string, headers: Record<string, string>, filename: string, type: string): Promise<void> {
  const url = new URL(baseUrl);
  const boundary = `----abort${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      const lines = [
        `POST ${path} HTTP/1.1`,
        `Host: ${url.host}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${head.length + 1_000_000}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ];
      socket.write(lines.join('\r\n'));
      socket.write(head);
      socket.write(Buffer.alloc(64 * 1024, 7), () => {
        // Long enough for the server to have opened the file and written to it.
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, 20);
      });
    });
    socket.on('error', reject);
  });
}

async function settled(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDatabase('cancelled uploads', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { MAX_UPLOAD_BYTES: '200000', VISITOR_REQUESTS_PER_HOUR: '100000', VISITOR_UPLOADS_PER_HOUR: '100000' } });
  });
  afterAll(() => t?.close());

  const storageDir = () => join(t.dataDir, 'attachments');
  const attachmentRows = () => (t.app.context.orm.em.fork() as Em).count(Attachment, {});

  it(`closes the file and removes it for each of ${UPLOADS} agent and ${UPLOADS} visitor uploads cut off mid-body; the server still answers`, async () => {
    const { token } = await issueVisitor(t.baseUrl);
    // Warm up both routes once so lazily opened handles (database, log) are part of the baseline.
    const warm = new FormData();
    warm.append('file', new Blob(['x'], { type: 'text/plain' }), 'warm.txt');
    expect((await t.admin.post('/api/v1/attachments', warm)).status).toBe(201);
    const rowsBefore = await attachmentRows();
    const filesBefore = filesUnder(storageDir());
    const baseline = openDescriptors();

    const agentHeaders = { cookie: t.admin.cookie!, 'x-csrf-token': t.admin.csrfToken! };
    const visitorHeaders = { authorization: `Bearer ${token}` };
    for (let i = 0; i < UPLOADS; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          Promise.all([
            abortedUpload(t.baseUrl, '/api/v1/attachments', agentHeaders, `agent-${i + n}.bin`, 'application/octet-stream'),
            abortedUpload(t.baseUrl, '/api/v1/widget/attachments', visitorHeaders, `visitor-${i + n}.pdf`, 'application/pdf'),
          ]),
        ),
      );
    }

    await settled(() => openDescriptors() <= baseline && filesUnder(storageDir()).length === filesBefore.length, 20_000);
    expect(openDescriptors()).toBeLessThanOrEqual(baseline);
    expect(filesUnder(storageDir()).sort()).toEqual(filesBefore.sort());
    expect(await attachmentRows()).toBe(rowsBefore);

    const after = new FormData();
    after.append('file', new Blob(['still here'], { type: 'text/plain' }), 'after.txt');
    const res = await t.admin.post('/api/v1/attachments', after);
    expect(res.status).toBe(201);
    expect((await t.admin.get(res.body.url)).body).toBe('still here');
  });

  it('removes the partial file of an upload refused for its size, and writes no row', async () => {
    const rowsBefore = await attachmentRows();
    // An earlier upload's partial file may still be on its way out (removal is asynchronous): start from none.
    await settled(() => !filesUnder(storageDir()).some((file) => file.endsWith('.part')), 20_000);
    const filesBefore = filesUnder(storageDir());
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(t.app.context.config.limits.uploadBytes + 1)], { type: 'application/octet-stream' }), 'big.bin');
    const res = await t.admin.post('/api/v1/attachments', form);
    expect(res.status).toBe(413);
    expect(filesUnder(storageDir()).sort()).toEqual(filesBefore.sort());
    expect(await attachmentRows()).toBe(rowsBefore);
  });

  it('sweeps partial files a crashed process left behind, and only stale ones', async () => {
    const folder = join(storageDir(), 'partial');
    mkdirSync(folder, { recursive: true });
    const stale = join(folder, 'left-by-a-crash.part');
    const fresh = join(folder, 'being-written.part');
    writeFileSync(stale, 'half a file');
    writeFileSync(fresh, 'half a file');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    expect(await removeStalePartialUploads(t.app.context)).toBe(1);
    expect(filesUnder(folder)).toEqual([fresh]);
    expect(statSync(fresh).size).toBe(11);
  });
});
