import { type ComputedRef, computed, onMounted, type Ref, ref } from 'vue';
import { useSubmission } from '../../composables/use-submission';
import { useNotice } from './notice';

type Submission = ReturnType<typeof useSubmission>;

/** The dialog an administration screen shows: `create`, or one that acts on an item (`edit`, `delete`…). */
export interface CollectionDialog<T> {
  readonly kind: string;
  readonly item?: T;
}

/** A message key of the status region and its values. */
export type Notice = readonly [key: string, params?: Record<string, unknown>];

/** What a change did, for the list, the status region and the dialogs. */
export interface CollectionChange<T, D> {
  /** The item as the server now has it: it takes its older copy's place, or joins the list. */
  readonly saved?: T;
  /** An item the server no longer has. */
  readonly removed?: T;
  /** The message key the status region says afterwards, and its values. */
  readonly notice: Notice;
  /** Shown instead of closing the open dialog (a one-time link, say). */
  readonly next?: D | undefined;
  /** Still part of the change, once list, notice and dialog are updated: it keeps the change busy, and its failure shows as the change's. */
  readonly after?: () => Promise<void>;
}

export interface AdminCollectionOptions<T> {
  /** Reads the list; a fetch that fills the list itself (a search whose later answer wins) returns nothing. */
  fetch(): Promise<readonly T[] | undefined>;
  /** Reads, at the same time, what the screen shows beside the list (departments to pick from, say). */
  alongside?: () => Promise<void>;
  /** Where a new item joins the list; only screens that show the server's order, not their own, care. */
  newcomers?: 'first' | 'last';
}

export interface AdminCollection<T, D extends CollectionDialog<T>> {
  readonly items: Ref<T[]>;
  /** The first fetch succeeded: the screen shows the list (and may offer to create). */
  readonly loaded: Ref<boolean>;
  readonly loading: Submission;
  /** The dialogs' action (create, save, delete): its failure shows in the dialog, which stays open. */
  readonly save: Submission;
  readonly notice: ReturnType<typeof useNotice>;
  readonly dialog: Ref<D | null>;
  load(): Promise<void>;
  /** Opens a dialog without the failure of the previous one. */
  show(next: D): void;
  close(): void;
  /** The item the dialog of this kind acts on while it is open. */
  target(kind: D['kind']): ComputedRef<T | null>;
  /**
   * Runs one change as `submission` (the dialogs' by default): the previous notice goes, and once the server
   * answered, the list takes the change, the notice says what happened and the dialog closes (or `next` opens).
   */
  change(run: () => Promise<CollectionChange<T, D>>, submission?: Submission): Promise<void>;
  /** The common change: the server answers with the item as it now has it, and the notice is worded from it. */
  saveItem(request: () => Promise<T>, notice: (saved: T) => Notice, submission?: Submission): Promise<void>;
  /** The common deletion: once the server has deleted `item`, it leaves the list. */
  removeItem(item: T, request: () => Promise<unknown>, notice: Notice): Promise<void>;
  /** Moves the item at `index` one place up or down in a list whose order the server keeps; it answers the list. */
  moveItem(index: number, by: -1 | 1, request: (ids: number[]) => Promise<T[]>, notice: Notice): Promise<void>;
}

/**
 * The one way the administration screens (agents, departments, statuses, canned responses, widgets,
 * mailboxes) keep a list of what the server has: fetched when the screen opens, changed through dialogs,
 * and updated from the server's answers rather than fetched again.
 */
export function useAdminCollection<T extends { readonly id: number }, D extends CollectionDialog<T> = CollectionDialog<T>>(
  options: AdminCollectionOptions<T>,
): AdminCollection<T, D> {
  const items = ref([]) as Ref<T[]>;
  const loaded = ref(false);
  const loading = useSubmission();
  const save = useSubmission();
  const notice = useNotice();
  const dialog = ref(null) as Ref<D | null>;

  function load(): Promise<void> {
    return loading.run(async () => {
      const [list] = await Promise.all([options.fetch(), options.alongside?.()]);
      if (list) items.value = [...list];
      loaded.value = true;
    });
  }
  onMounted(load);

  function show(next: D): void {
    save.failure.value = null;
    dialog.value = next;
  }

  function close(): void {
    dialog.value = null;
  }

  function target(kind: D['kind']): ComputedRef<T | null> {
    return computed(() => (dialog.value?.kind === kind ? (dialog.value.item ?? null) : null));
  }

  function place(item: T): void {
    const at = items.value.findIndex((known) => known.id === item.id);
    if (at >= 0) items.value = items.value.map((known, i) => (i === at ? item : known));
    else items.value = options.newcomers === 'first' ? [item, ...items.value] : [...items.value, item];
  }

  function change(run: () => Promise<CollectionChange<T, D>>, submission: Submission = save): Promise<void> {
    notice.clear();
    return submission.run(async () => {
      const done = await run();
      if (done.saved) place(done.saved);
      const removed = done.removed;
      if (removed) items.value = items.value.filter((known) => known.id !== removed.id);
      notice.say(done.notice[0], done.notice[1]);
      dialog.value = done.next ?? null;
      await done.after?.();
    });
  }

  function saveItem(request: () => Promise<T>, say: (saved: T) => Notice, submission: Submission = save): Promise<void> {
    return change(async () => {
      const saved = await request();
      return { saved, notice: say(saved) };
    }, submission);
  }

  function removeItem(item: T, request: () => Promise<unknown>, say: Notice): Promise<void> {
    return change(async () => {
      await request();
      return { removed: item, notice: say };
    });
  }

  function moveItem(index: number, by: -1 | 1, request: (ids: number[]) => Promise<T[]>, say: Notice): Promise<void> {
    const ids = items.value.map((item) => item.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    return change(async () => {
      items.value = await request(ids);
      return { notice: say };
    });
  }

  return { items, loaded, loading, save, notice, dialog, load, show, close, target, change, saveItem, removeItem, moveItem };
}
