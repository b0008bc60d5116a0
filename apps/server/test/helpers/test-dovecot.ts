import { ImapFlow } from 'imapflow';

/**
 * The project-local Dovecot started by scripts/dovecot-for-tests.sh (via scripts/ensure-services.sh): one
 * user; each test works in a folder of its own, so suites on both databases never see each other's mail.
 */
export const DOVECOT = { host: '127.0.0.1', port: 10143, tlsPort: 10993, user: 'parley', password: 'parley-imap-password' } as const;

let folders = 0;
const created: string[] = [];

export async function dovecotClient(): Promise<ImapFlow> {
  const client = new ImapFlow({ host: DOVECOT.host, port: DOVECOT.port, secure: false, auth: { user: DOVECOT.user, pass: DOVECOT.password }, logger: false, doSTARTTLS: false } as never);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A new, empty folder on the test Dovecot. */
export async function freshFolder(client: ImapFlow, label: string): Promise<string> {
  const name = `t-${label}-${process.pid}-${Date.now()}-${++folders}`;
  await client.mailboxCreate(name);
  created.push(name);
  return name;
}

/** Deletes the folders this test file made, so runs do not pile up mail on the test server. */
export async function removeFreshFolders(client: ImapFlow): Promise<void> {
  for (const name of created.splice(0)) await client.mailboxDelete(name).catch(() => undefined);
}

/** The flags of every letter in a folder, by UID. */
export async function flagsByUid(client: ImapFlow, folder: string): Promise<Map<number, Set<string>>> {
  const lock = await client.getMailboxLock(folder);
  try {
    const result = new Map<number, Set<string>>();
    if (!client.mailbox || client.mailbox.exists === 0) return result;
    for await (const message of client.fetch('1:*', { uid: true, flags: true })) result.set(message.uid, message.flags ?? new Set());
    return result;
  } finally {
    lock.release();
  }
}

/** Polls until the check returns a value (not undefined/false), or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, timeoutMs = 15_000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
