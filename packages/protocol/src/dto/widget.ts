import { isExternalUserId, isTimeZoneName, isWidgetColour, isWidgetKey, MESSAGE_BODY_MAX_LENGTH, PRECHAT_FIELD_MODES, WIDGET_POSITIONS } from '@parley/domain';
import { z } from 'zod';
import { Email, Id, IsoDateTime } from '../common.js';
import { Channel, TicketStatus } from './ticket.js';

/**
 * Chat widgets: the settings an administrator keeps per embed (`data-widget="<key>"`), what the widget reads
 * of them publicly, the offline form, and the visitor's context an agent sees beside a chat.
 */

export const WidgetKey = z.string().refine(isWidgetKey, 'Not a widget key.');
export const WidgetColour = z.string().refine(isWidgetColour, 'A colour as #rrggbb.');
export const WidgetPosition = z.enum(WIDGET_POSITIONS);
export const PrechatFieldMode = z.enum(PRECHAT_FIELD_MODES);
export const PrechatFieldsDto = z.strictObject({ name: PrechatFieldMode, email: PrechatFieldMode, question: z.boolean() });
export type PrechatFieldsDto = z.infer<typeof PrechatFieldsDto>;

export const WidgetDto = z.object({
  id: z.number().int(),
  key: z.string().describe('Public: goes into the embed tag as data-widget.'),
  name: z.string(),
  departmentId: z.number().int().nullable().describe('Where chats go; null: the visitor chooses among `departmentIds`.'),
  departmentIds: z.array(z.number().int()).describe('The departments a visitor may choose from when `departmentId` is null.'),
  colour: z.string(),
  position: WidgetPosition,
  greeting: z.string().nullable(),
  prechat: PrechatFieldsDto,
  identitySecret: z.string().describe('HMAC-SHA256 key for identity verification: keep it on the site\'s server, never in the page.'),
  logoAttachmentId: z.string().nullable().describe('The help center\'s logo (an uploaded PNG, JPEG, WebP or GIF): shown on the public help pages while this is the first active widget, served at /help/logo.'),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WidgetDto = z.infer<typeof WidgetDto>;

const WidgetFields = {
  name: z.string().trim().min(1).max(200),
  departmentId: Id.nullable(),
  departmentIds: z.array(Id).max(50),
  colour: WidgetColour,
  position: WidgetPosition,
  greeting: z.string().trim().max(500).nullable(),
  prechat: PrechatFieldsDto,
  active: z.boolean(),
};
export const CreateWidgetRequest = z.strictObject({
  name: WidgetFields.name,
  departmentId: WidgetFields.departmentId.optional(),
  departmentIds: WidgetFields.departmentIds.optional(),
  colour: WidgetFields.colour.optional(),
  position: WidgetFields.position.optional(),
  greeting: WidgetFields.greeting.optional(),
  prechat: WidgetFields.prechat.optional(),
  active: WidgetFields.active.optional(),
});
export type CreateWidgetRequest = z.infer<typeof CreateWidgetRequest>;
export const UpdateWidgetRequest = z.strictObject({
  name: WidgetFields.name.optional(),
  departmentId: WidgetFields.departmentId.optional(),
  departmentIds: WidgetFields.departmentIds.optional(),
  colour: WidgetFields.colour.optional(),
  position: WidgetFields.position.optional(),
  greeting: WidgetFields.greeting.optional(),
  prechat: WidgetFields.prechat.optional(),
  active: WidgetFields.active.optional(),
  logoAttachmentId: z.uuid().nullable().optional().describe('An upload (POST /attachments) to show as the help center\'s logo: PNG, JPEG, WebP or GIF, at most 512 KB; null removes it.'),
  rotateIdentitySecret: z.literal(true).optional().describe('Issue a new identity secret; hashes made with the old one stop verifying.'),
});
export type UpdateWidgetRequest = z.infer<typeof UpdateWidgetRequest>;

/** What the loader and the frame read: looks, texts, fields, and who is there to answer. */
export const WidgetConfigDto = z.object({
  key: z.string().nullable().describe('null for an embed without data-widget: the defaults.'),
  colour: z.string(),
  position: WidgetPosition,
  greeting: z.string().nullable(),
  prechat: PrechatFieldsDto,
  departmentChoice: z.boolean().describe('The visitor picks one of `departments`.'),
  departments: z.array(z.object({ id: z.number().int(), name: z.string(), online: z.boolean() })),
  online: z.boolean().describe('Someone can chat now: an active agent of the (or a chosen) department, online, with the console open.'),
  emailReplies: z.boolean().describe('An answer to the offline form can go out by email (SMTP_URL, or a sending mailbox of the widget\'s departments).'),
});
export type WidgetConfigDto = z.infer<typeof WidgetConfigDto>;
export const WidgetConfigQuery = z.strictObject({ department: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() });

/** The offline form: a ticket answered by email when nobody can chat. */
export const OfflineMessageRequest = z.strictObject({
  widgetKey: WidgetKey.optional(),
  departmentId: Id.optional(),
  name: z.string().trim().min(1).max(200),
  email: Email,
  message: z.string().trim().min(1).max(MESSAGE_BODY_MAX_LENGTH),
});
export type OfflineMessageRequest = z.infer<typeof OfflineMessageRequest>;
export const OfflineMessageCreated = z.object({ number: z.string() });
export type OfflineMessageCreated = z.infer<typeof OfflineMessageCreated>;

/** The identity a site vouches for: `hash` = hex HMAC-SHA256(identity secret, userId + ":" + email). */
export const VisitorIdentity = z.strictObject({
  userId: z.string().refine(isExternalUserId, '1–200 characters without a colon.'),
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
  hash: z.string().max(128),
});
export type VisitorIdentity = z.infer<typeof VisitorIdentity>;

export const TimeZoneName = z.string().refine(isTimeZoneName, 'An IANA time zone name.');

export const VisitedPageDto = z.object({ url: z.string(), title: z.string().optional(), at: z.string() });
export const EarlierTicketDto = z.object({
  id: z.number().int(),
  number: z.string(),
  subject: z.string(),
  channel: Channel,
  status: TicketStatus,
  createdAt: z.string(),
});
export type EarlierTicketDto = z.infer<typeof EarlierTicketDto>;

/** Beside a chat: where the visitor is and has been this session, their browser, language and clock, and their history with us. */
export const VisitorContextDto = z.object({
  visitor: z
    .object({
      verified: z.boolean().describe('The site vouched for this visitor (identity verification).'),
      externalUserId: z.string().nullable(),
      claimedEmail: z.string().nullable().describe('An email the visitor typed that belongs to another contact: not verified, so not linked.'),
      currentPage: VisitedPageDto.nullable(),
      pages: z.array(VisitedPageDto),
      referrer: z.string().nullable(),
      browser: z.string().nullable(),
      os: z.string().nullable(),
      language: z.string().nullable(),
      timeZone: z.string().nullable(),
      lastSeenAt: IsoDateTime,
      left: z.boolean().describe('The visitor ended this chat (or moved on to another): these are their last known details, no longer updated.'),
    })
    .nullable(),
  earlier: z.array(EarlierTicketDto).describe('The contact\'s other tickets the agent may see, newest first.'),
});
export type VisitorContextDto = z.infer<typeof VisitorContextDto>;
