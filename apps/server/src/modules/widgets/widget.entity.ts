import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { DEFAULT_WIDGET_COLOUR, DEFAULT_WIDGET_POSITION, PRECHAT_FIELD_MODES, WIDGET_POSITIONS } from '@parley/domain';
import { Attachment } from '../attachments/attachment.entity.js';
import { Department } from '../organisation/department.entity.js';

/**
 * One embed of the chat widget (`data-widget="<key>"`): how it looks, where its chats go, what the pre-chat
 * form asks, and the secret a site signs its users' identities with.
 */
export const Widget = defineEntity({
  name: 'Widget',
  tableName: 'widget',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Public and random: it is in every page that embeds the widget. */
    key: p.string().length(64).unique(),
    name: p.string().length(200),
    /** Where chats go; null: the visitor chooses among departmentIds. */
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_id').nullable().deleteRule('set null'),
    departmentIds: p.json<number[]>(),
    colour: p.string().length(7).default(DEFAULT_WIDGET_COLOUR),
    position: p.enum([...WIDGET_POSITIONS]).default(DEFAULT_WIDGET_POSITION),
    greeting: p.text().nullable(),
    prechatName: p.enum([...PRECHAT_FIELD_MODES]).default('optional'),
    prechatEmail: p.enum([...PRECHAT_FIELD_MODES]).default('optional'),
    prechatQuestion: p.boolean().default(true),
    /** HMAC-SHA256 key for identity verification; shown to administrators only. */
    identitySecret: p.string().length(100),
    /** The help center's logo (it wears the first active widget's looks): an upload checked to be a raster picture. */
    logoAttachment: () => p.manyToOne(Attachment).mapToPk().fieldName('logo_attachment_id').nullable().deleteRule('set null'),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Widget = InferEntity<typeof Widget>;
