import type { AttachmentDto } from '@parley/protocol';
import { type Ref, ref } from 'vue';
import { uploadAttachment } from '../api/attachments';

/** The server's limit per message (AttachmentIds in @parley/protocol). */
export const MAX_ATTACHMENTS = 20;

/**
 * Files an agent attaches to what they are writing, by picker, drag and drop or paste: each is uploaded at
 * once, and what is listed is what the server holds, so sending only has to name the ids.
 */
export function useUploads(attached: Ref<AttachmentDto[]>): {
  uploading: Ref<number>;
  failure: Ref<unknown>;
  add(files: Iterable<File>): Promise<void>;
  remove(id: string): void;
  onDrop(event: DragEvent): void;
  onPaste(event: ClipboardEvent): void;
} {
  const uploading = ref(0);
  const failure = ref<unknown>(null);

  async function add(files: Iterable<File>): Promise<void> {
    failure.value = null;
    const list = [...files].slice(0, Math.max(0, MAX_ATTACHMENTS - attached.value.length));
    await Promise.all(
      list.map(async (file) => {
        uploading.value++;
        try {
          const dto = await uploadAttachment(file);
          attached.value = [...attached.value, dto];
        } catch (error) {
          failure.value = error;
        } finally {
          uploading.value--;
        }
      }),
    );
  }

  function remove(id: string): void {
    attached.value = attached.value.filter((a) => a.id !== id);
  }

  function onDrop(event: DragEvent): void {
    const files = event.dataTransfer?.files;
    if (files && files.length > 0) {
      event.preventDefault();
      void add(files);
    }
  }

  function onPaste(event: ClipboardEvent): void {
    const files = event.clipboardData?.files;
    if (files && files.length > 0) {
      event.preventDefault();
      void add(files);
    }
  }

  return { uploading, failure, add, remove, onDrop, onPaste };
}
