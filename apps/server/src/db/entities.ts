import type { EntitySchema } from '@mikro-orm/core';
import { Agent, AgentDepartment, ApiToken, Session, SystemSetting } from '../modules/agents/agent.entity.js';
import { AuditEntry } from '../modules/audit-log/audit-entry.entity.js';
import { PendingSignIn, RecoveryCode } from '../modules/accounts/two-factor.entity.js';
import { Attachment } from '../modules/attachments/attachment.entity.js';
import { ChatSession } from '../modules/chats/chat-session.entity.js';
import { Visitor } from '../modules/chats/visitor.entity.js';
import { Widget } from '../modules/widgets/widget.entity.js';
import { Company, Contact, ContactEmail } from '../modules/contacts/contact.entity.js';
import { OutboxMail } from '../modules/mail/outbox-mail.entity.js';
import { EmailMessage, InboundMail } from '../modules/email/email.entity.js';
import { Mailbox } from '../modules/mailboxes/mailbox.entity.js';
import { WebhookDelivery, WebhookSubscription } from '../modules/webhooks/webhook.entity.js';
import { StatisticsDaily, StatisticsDaySummary, StatisticsFact, StatisticsMonthly, StatisticsPresence, StatisticsQuarterly, StatisticsRollup, StatisticsYearly, StatisticsZone } from '../modules/statistics/statistics.entity.js';
import { EditableNote } from '../modules/notes/editable-note.entity.js';
import { CannedResponse } from '../modules/organisation/canned-response.entity.js';
import { CustomStatus } from '../modules/organisation/custom-status.entity.js';
import { Department } from '../modules/organisation/department.entity.js';
import { ReplyTemplate } from '../modules/reply-templates/reply-template.entity.js';
import { SavedView } from '../modules/saved-views/saved-view.entity.js';
import { TeamConversation, TeamMember, TeamMessage } from '../modules/team-chat/team-chat.entity.js';
import { AgentCall } from '../modules/calls/call.entity.js';
import { ThreadItem, Ticket, TicketTag } from '../modules/tickets/ticket.entity.js';
import { TicketLink, TicketMerge } from '../modules/ticket-relations/ticket-relation.entity.js';
import { SenderBlock } from '../modules/spam/sender-block.entity.js';
import { SatisfactionSurvey } from '../modules/satisfaction/satisfaction.entity.js';
import { PortalSession, PortalSignIn } from '../modules/portal/portal.entity.js';
import { BusinessCalendarRecord, DepartmentCalendar, SlaPolicyRecord, TicketSlaAlarm } from '../modules/sla/sla.entity.js';
import { AutoAssignmentTurn, DepartmentAutoAssignment, TimeRule, TimeRuleFiring, TriggerFiring, TriggerRule } from '../modules/automation/automation.entity.js';
import { KbArticle, KbArticleFile, KbCategory, KbRevision } from '../modules/knowledge-base/knowledge-base.entity.js';

/** Typed loosely on purpose: the inferred tuple of every schema is too large for the compiler to write out. */
// biome-ignore lint/suspicious/noExplicitAny: each schema has its own entity type
export const entities: EntitySchema<any, any>[] = [
  Department,
  Agent,
  AgentDepartment,
  Session,
  ApiToken,
  SystemSetting,
  RecoveryCode,
  PendingSignIn,
  Company,
  Contact,
  ContactEmail,
  CustomStatus,
  CannedResponse,
  Ticket,
  TicketTag,
  ThreadItem,
  EditableNote,
  Attachment,
  SavedView,
  Visitor,
  ChatSession,
  Widget,
  TeamConversation,
  TeamMember,
  TeamMessage,
  AgentCall,
  OutboxMail,
  InboundMail,
  EmailMessage,
  Mailbox,
  WebhookSubscription,
  WebhookDelivery,
  StatisticsFact,
  StatisticsRollup,
  StatisticsDaily,
  StatisticsMonthly,
  StatisticsQuarterly,
  StatisticsYearly,
  StatisticsDaySummary,
  StatisticsZone,
  StatisticsPresence,
  AuditEntry,
  ReplyTemplate,
  TicketLink,
  TicketMerge,
  SenderBlock,
  TriggerRule,
  TriggerFiring,
  TimeRule,
  TimeRuleFiring,
  DepartmentAutoAssignment,
  AutoAssignmentTurn,
  BusinessCalendarRecord,
  DepartmentCalendar,
  SlaPolicyRecord,
  TicketSlaAlarm,
  SatisfactionSurvey,
  KbCategory,
  KbArticle,
  KbRevision,
  KbArticleFile,
  PortalSignIn,
  PortalSession,
];
