import type { AttachmentDto } from '@parley/protocol';
import { http } from './http';

/** Uploads one file; the returned id is then sent with the reply, note, transfer or new ticket it belongs to. */
export function uploadAttachment(file: File): Promise<AttachmentDto> {
  const form = new FormData();
  form.append('file', file, file.name);
  return http.request<AttachmentDto>('POST', '/attachments', form);
}
