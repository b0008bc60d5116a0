import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';
import { TeamMessage } from '../team-chat/team-chat.entity.js';
import { ThreadItem } from '../tickets/ticket.entity.js';

/**
 * An uploaded file. It is uploaded first (owned by its uploader) and then bound to the thread item it was
 * sent with; from then on whoever may see that item may download it.
 */
export const Attachment = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  properties: {
    id: p.uuid().primary(),
    filename: p.string().length(255),
    contentType: p.string().length(255),
    size: p.integer(),
    sha256: p.string().length(64),
    storageKey: p.string().length(100),
    uploadedByAgent: () => p.manyToOne(Agent).mapToPk().fieldName('uploaded_by_agent_id').nullable().deleteRule('set null'),
    /** Or the website visitor who uploaded it into their chat (the id in their token; no row exists before their first chat). */
    uploadedByVisitor: p.string().length(40).fieldName('uploaded_by_visitor_id').nullable().index(),
    threadItem: () => p.manyToOne(ThreadItem).mapToPk().fieldName('thread_item_id').nullable().index().deleteRule('cascade'),
    /** Or the team chat message it was sent with: then the conversation's members may download it. */
    teamMessage: () => p.manyToOne(TeamMessage).mapToPk().fieldName('team_message_id').nullable().index().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Attachment = InferEntity<typeof Attachment>;
