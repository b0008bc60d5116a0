import { z } from 'zod';

export const AttachmentDto = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
  createdAt: z.string(),
});
export type AttachmentDto = z.infer<typeof AttachmentDto>;
