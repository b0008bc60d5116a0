import type { AttachmentDto } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
import { chatMessages } from '../i18n/frame/all';
import { MAX_FILES_PER_MESSAGE, Uploads } from './uploads';

const t = chatMessages.en;
const attachment = (id: string, filename = `${id}.png`): AttachmentDto => ({ id, filename, contentType: 'image/png', size: 10, url: `/api/v1/widget/attachments/${id}`, createdAt: '2026-11-23T10:00:00.000Z' });
const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

function uploads(fetcher: (url: string, init: RequestInit) => Promise<Response>, maxUploadBytes = 1_048_576) {
  const notices: (string | null)[] = [];
  const changed = vi.fn();
  const session = { token: 'tok-1', features: { transcriptByEmail: false, maxUploadBytes } };
  const state = new Uploads({ text: t, locale: 'en', session, changed, notice: (text) => notices.push(text), fetcher: fetcher as never });
  return { state, notices, changed };
}

const file = (name: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type: 'image/png' });

describe('Uploads', () => {
  it('uploads a file at once with the visitor token, counts it while on its way, and keeps it for the next message', async () => {
    let answer!: (res: Response) => void;
    const fetcher = vi.fn((_url: string, _init: RequestInit) => new Promise<Response>((resolve) => (answer = resolve)));
    const { state, notices, changed } = uploads(fetcher);
    const done = state.upload(file('a.png'));
    expect(state.uploading).toBe(1);
    expect(fetcher.mock.calls[0]![0]).toBe('/api/v1/widget/attachments');
    expect(fetcher.mock.calls[0]![1]).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer tok-1' }, credentials: 'omit' });
    expect((fetcher.mock.calls[0]![1].body as FormData).get('file')).toBeInstanceOf(File);
    answer(new Response(JSON.stringify(attachment('f-1')), { status: 201 }));
    await done;
    expect(state.uploading).toBe(0);
    expect(state.files.map((f) => f.id)).toEqual(['f-1']);
    expect(notices).toEqual([null]);
    expect(changed).toHaveBeenCalledTimes(2);

    expect(state.take().map((f) => f.id)).toEqual(['f-1']);
    expect(state.files).toEqual([]);
  });

  it('refuses a file over the server\'s limit without sending it, in the visitor\'s language', async () => {
    const fetcher = vi.fn(() => json(201, attachment('never')));
    const { state, notices } = uploads(fetcher, 1024);
    await state.upload(file('big.png', 4096));
    expect(fetcher).not.toHaveBeenCalled();
    expect(notices).toEqual([t.fileTooLarge.replace('{size}', '1 kB')]);
  });

  it('says why the server refused a file, and keeps none of it', async () => {
    const { state, notices } = uploads(() => json(415, { error: { code: 'attachment/type_not_allowed', message: 'No.' } }));
    await state.upload(file('x.exe'));
    expect(state.files).toEqual([]);
    expect(notices).toEqual([null, t.fileType]);
    const broken = uploads(() => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })));
    await broken.state.upload(file('y.png'));
    expect(broken.notices).toEqual([null, t.fileFailed]);
    const offline = uploads(() => Promise.reject(new TypeError('Failed to fetch')));
    await offline.state.upload(file('z.png'));
    expect(offline.notices).toEqual([null, t.fileFailed]);
    expect(offline.state.uploading).toBe(0);
  });

  it(`takes at most ${MAX_FILES_PER_MESSAGE} files for one message, and lets one be removed`, async () => {
    let n = 0;
    const { state, notices } = uploads(() => json(201, attachment(`f-${++n}`)));
    for (let i = 0; i < MAX_FILES_PER_MESSAGE + 1; i += 1) await state.upload(file(`${i}.png`));
    expect(state.files).toHaveLength(MAX_FILES_PER_MESSAGE);
    expect(notices.at(-1)).toBe(t.fileFailed);
    state.remove('f-3');
    expect(state.files.map((f) => f.id)).not.toContain('f-3');
    state.clear();
    expect(state.files).toEqual([]);
  });
});
