import { z } from 'zod';

export const MergeContactsRequest = z.strictObject({
  /** Duplicates of this contact: their tickets, addresses, phones and notes move here, and they are deleted. */
  contactIds: z.array(z.number().int().positive()).min(1).max(20),
});
export type MergeContactsRequest = z.infer<typeof MergeContactsRequest>;

/** What an erasure did (counts only: the data itself is gone). */
export const ErasureSummaryDto = z.object({
  tickets: z.number().int(),
  messages: z.number().int(),
  attachments: z.number().int(),
  addresses: z.number().int(),
});
export type ErasureSummaryDto = z.infer<typeof ErasureSummaryDto>;

/** Everything Parley holds about a person as a customer, for a subject access request (GDPR art. 15). */
export const ContactExportDto = z.object({
  exportedAt: z.string(),
  contact: z.object({
    id: z.number().int(),
    name: z.string().nullable(),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    company: z.string().nullable(),
    createdAt: z.string(),
  }),
  tickets: z.array(
    z.object({
      number: z.string(),
      subject: z.string(),
      channel: z.string(),
      status: z.string(),
      createdAt: z.string(),
      /** The conversation as the customer sees it: their messages and our replies. */
      messages: z.array(z.object({ from: z.enum(['customer', 'agent']), body: z.string(), attachments: z.array(z.string()), createdAt: z.string() })),
    }),
  ),
  visitorSessions: z.number().int(),
});
export type ContactExportDto = z.infer<typeof ContactExportDto>;
