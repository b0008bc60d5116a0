// @vitest-environment happy-dom
import { createApp, defineComponent, nextTick } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/http';
import { FormProblem } from '../../composables/use-error-message';
import { useSubmission } from '../../composables/use-submission';
import { createAppI18n } from '../../i18n';
import { type AdminCollection, type AdminCollectionOptions, useAdminCollection } from './use-admin-collection';

interface Thing {
  id: number;
  name: string;
}
type Dialog = { kind: 'create' } | { kind: 'edit' | 'delete'; item: Thing };

const apple: Thing = { id: 1, name: 'Apple' };
const pear: Thing = { id: 2, name: 'Pear' };

/** A promise the test settles when it wants, to look at the state in between. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

/** The composable inside a mounted component (it loads on mount), with the app's English messages. */
function mount(options: AdminCollectionOptions<Thing>): { collection: AdminCollection<Thing, Dialog>; rowAction: ReturnType<typeof useSubmission> } {
  let collection!: AdminCollection<Thing, Dialog>;
  let rowAction!: ReturnType<typeof useSubmission>;
  const app = createApp(
    defineComponent({
      setup() {
        collection = useAdminCollection<Thing, Dialog>(options);
        rowAction = useSubmission();
        return () => null;
      },
    }),
  );
  app.use(createAppI18n('en'));
  const root = document.createElement('div');
  app.mount(root);
  unmount = () => app.unmount();
  return { collection, rowAction };
}

async function loadedWith(items: Thing[], options: Partial<AdminCollectionOptions<Thing>> = {}) {
  const mounted = mount({ fetch: async () => items, ...options });
  await settle();
  return mounted;
}

describe('useAdminCollection', () => {
  it('fetches the list when the screen opens, and is busy until the answer', async () => {
    const answer = deferred<Thing[]>();
    const { collection } = mount({ fetch: () => answer.promise });
    await settle();
    expect(collection.loading.busy.value).toBe(true);
    expect(collection.loaded.value).toBe(false);

    answer.resolve([apple, pear]);
    await settle();
    expect(collection.loading.busy.value).toBe(false);
    expect(collection.loaded.value).toBe(true);
    expect(collection.items.value).toEqual([apple, pear]);
  });

  it('shows why the fetch failed, in the agent\'s language, and loads on retry', async () => {
    let calls = 0;
    const { collection } = mount({
      fetch: async () => {
        calls++;
        if (calls === 1) throw new ApiError(0, 'network/unreachable', 'down');
        return [apple];
      },
    });
    await settle();
    expect(collection.loaded.value).toBe(false);
    expect(collection.loading.error.value).toBe('The server cannot be reached. Check your connection and try again.');

    await collection.load();
    expect(collection.loading.error.value).toBeNull();
    expect(collection.loaded.value).toBe(true);
    expect(collection.items.value).toEqual([apple]);
  });

  it('reads what the screen shows beside the list at the same time, and is not loaded until both are in', async () => {
    const list = deferred<Thing[]>();
    const beside = deferred<void>();
    let besideStarted = false;
    const { collection } = mount({
      fetch: () => list.promise,
      alongside: () => {
        besideStarted = true;
        return beside.promise;
      },
    });
    await settle();
    expect(besideStarted).toBe(true);
    list.resolve([apple]);
    await settle();
    expect(collection.loaded.value).toBe(false);
    beside.resolve();
    await settle();
    expect(collection.loaded.value).toBe(true);
    expect(collection.items.value).toEqual([apple]);
  });

  it('fails the load when what goes beside the list cannot be read', async () => {
    const { collection } = mount({
      fetch: async () => [apple],
      alongside: async () => {
        throw new ApiError(500, 'internal', 'boom');
      },
    });
    await settle();
    expect(collection.loaded.value).toBe(false);
    expect(collection.loading.error.value).toBe('Something went wrong. Please try again.');
  });

  it('leaves the list alone when the fetch filled it itself', async () => {
    let collection!: AdminCollection<Thing, Dialog>;
    ({ collection } = mount({
      fetch: async () => {
        // As a search does: the list is filled once its answer is in.
        await Promise.resolve();
        collection.items.value = [pear];
        return undefined;
      },
    }));
    await settle();
    expect(collection.loaded.value).toBe(true);
    expect(collection.items.value).toEqual([pear]);
  });

  it('opens a dialog without the previous one\'s failure, and names the item it acts on', async () => {
    const { collection } = await loadedWith([apple, pear]);
    const editing = collection.target('edit');
    const deleting = collection.target('delete');
    collection.save.failure.value = new ApiError(409, 'status/in_use', 'in use');

    collection.show({ kind: 'edit', item: pear });
    expect(collection.save.failure.value).toBeNull();
    expect(editing.value).toEqual(pear);
    expect(deleting.value).toBeNull();

    collection.close();
    expect(collection.dialog.value).toBeNull();
    expect(editing.value).toBeNull();
  });

  it('adds what the server created at the end, says so and closes the dialog', async () => {
    const { collection } = await loadedWith([apple]);
    collection.show({ kind: 'create' });
    const created = { id: 3, name: 'Quince' };
    await collection.saveItem(async () => created, (saved) => ['admin.statuses.notices.created', { name: saved.name }]);
    expect(collection.items.value).toEqual([apple, created]);
    expect(collection.notice.text.value).toBe('Status Quince was created.');
    expect(collection.dialog.value).toBeNull();
  });

  it('puts newcomers first where the screen shows the server\'s order', async () => {
    const { collection } = await loadedWith([apple, pear], { newcomers: 'first' });
    const created = { id: 3, name: 'Quince' };
    await collection.change(async () => ({ saved: created, notice: ['admin.statuses.notices.created', { name: created.name }] }));
    expect(collection.items.value.map((t) => t.id)).toEqual([3, 1, 2]);
  });

  it('puts an item the server changed in the place of its older copy', async () => {
    const { collection } = await loadedWith([apple, pear], { newcomers: 'first' });
    const renamed = { id: 1, name: 'Crab apple' };
    await collection.saveItem(async () => renamed, (saved) => ['admin.statuses.notices.updated', { name: saved.name }]);
    expect(collection.items.value).toEqual([renamed, pear]);
    expect(collection.notice.text.value).toBe('Status Crab apple was saved.');
  });

  it('drops an item the server deleted', async () => {
    const { collection } = await loadedWith([apple, pear]);
    collection.show({ kind: 'delete', item: apple });
    let deleted = 0;
    await collection.removeItem(apple, async () => deleted++, ['admin.statuses.notices.deleted', { name: apple.name }]);
    expect(deleted).toBe(1);
    expect(collection.items.value).toEqual([pear]);
    expect(collection.notice.text.value).toBe('Status Apple was deleted.');
    expect(collection.dialog.value).toBeNull();
  });

  it('keeps the dialog open with the refusal, the list as it was and no notice, when the server refuses', async () => {
    const { collection } = await loadedWith([apple, pear]);
    await collection.change(async () => ({ saved: pear, notice: ['admin.statuses.notices.updated', { name: pear.name }] }));
    collection.show({ kind: 'delete', item: apple });
    await collection.removeItem(
      apple,
      async () => {
        throw new ApiError(409, 'status/in_use', 'in use');
      },
      ['admin.statuses.notices.deleted', { name: apple.name }],
    );
    expect(collection.dialog.value).toEqual({ kind: 'delete', item: apple });
    expect(collection.items.value).toEqual([apple, pear]);
    expect(collection.notice.text.value).toBe('');
    expect(collection.save.error.value).toBe(
      'Tickets still carry this status, so it cannot be deleted or moved to another base status. Give those tickets another status first.',
    );
  });

  it('shows a problem the screen found in its own words', async () => {
    const { collection } = await loadedWith([]);
    collection.show({ kind: 'create' });
    await collection.change(async () => {
      throw new FormProblem('admin.agents.form.emailTaken');
    });
    expect(collection.save.error.value).toBe('Another agent already uses this email address.');
  });

  it('opens the next dialog instead of closing, and runs what follows while still busy', async () => {
    const { collection } = await loadedWith([apple]);
    collection.show({ kind: 'create' });
    const after = deferred<void>();
    const done = collection.change(async () => ({
      saved: pear,
      notice: ['admin.statuses.notices.created', { name: pear.name }],
      next: { kind: 'edit', item: pear },
      after: () => after.promise,
    }));
    await settle();
    expect(collection.dialog.value).toEqual({ kind: 'edit', item: pear });
    expect(collection.items.value).toEqual([apple, pear]);
    expect(collection.save.busy.value).toBe(true);
    after.reject(new ApiError(0, 'network/unreachable', 'down'));
    await done;
    expect(collection.save.busy.value).toBe(false);
    expect(collection.save.error.value).toBe('The server cannot be reached. Check your connection and try again.');
  });

  it('runs a change as another submission, leaving the dialogs\' one alone', async () => {
    const { collection, rowAction } = await loadedWith([apple]);
    const answer = deferred<Thing>();
    const done = collection.saveItem(() => answer.promise, (saved) => ['admin.statuses.notices.updated', { name: saved.name }], rowAction);
    await settle();
    expect(rowAction.busy.value).toBe(true);
    expect(collection.save.busy.value).toBe(false);
    answer.resolve({ id: 1, name: 'Apple' });
    await done;
    expect(rowAction.busy.value).toBe(false);
  });

  it('ignores a second change while the first is on its way, and clears the last notice at once', async () => {
    const { collection } = await loadedWith([apple]);
    await collection.change(async () => ({ removed: apple, notice: ['admin.statuses.notices.deleted', { name: apple.name }] }));
    expect(collection.notice.text.value).toBe('Status Apple was deleted.');

    const answer = deferred<Thing>();
    const first = collection.change(async () => ({ saved: await answer.promise, notice: ['admin.statuses.notices.created', { name: 'Pear' }] }));
    expect(collection.notice.text.value).toBe('');
    let secondRan = false;
    await collection.change(async () => {
      secondRan = true;
      return { saved: apple, notice: ['admin.statuses.notices.created', { name: 'Apple' }] };
    });
    expect(secondRan).toBe(false);
    answer.resolve(pear);
    await first;
    expect(collection.items.value).toEqual([pear]);
  });
});
