import { AGENT_ROLES, BASE_STATUSES } from '@parley/domain';
import { z } from 'zod';
import { AgentAvailability } from './presence.js';

export const DepartmentDto = z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type DepartmentDto = z.infer<typeof DepartmentDto>;

export const LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

export const EmailNotificationSettingsDto = z.object({
  newTicketInMyDepartment: z.boolean(),
  assignedToMe: z.boolean(),
  customerReplyOnMyTicket: z.boolean(),
});
export type EmailNotificationSettingsDto = z.infer<typeof EmailNotificationSettingsDto>;

export const AgentDto = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  role: z.enum(AGENT_ROLES),
  active: z.boolean(),
  locale: Locale,
  availability: AgentAvailability,
  departmentIds: z.array(z.number().int()),
  /** How many chats routing gives the agent at once. */
  maxConcurrentChats: z.number().int(),
  /** Which notification emails the agent receives. */
  emailNotifications: EmailNotificationSettingsDto,
  /** Invited and not yet accepted: cannot sign in until they choose a password through the invitation link. */
  invitationPending: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgentDto = z.infer<typeof AgentDto>;

export const ContactDto = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  companyId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactDto = z.infer<typeof ContactDto>;

export const CompanyDto = z.object({
  id: z.number().int(),
  name: z.string(),
  domains: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CompanyDto = z.infer<typeof CompanyDto>;

export const CustomStatusDto = z.object({
  id: z.number().int(),
  name: z.string(),
  baseStatus: z.enum(BASE_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomStatusDto = z.infer<typeof CustomStatusDto>;

export const CannedResponseDto = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  departmentId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CannedResponseDto = z.infer<typeof CannedResponseDto>;

export const ApiTokenDto = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenDto = z.infer<typeof ApiTokenDto>;

export const SessionDto = z.object({
  agent: AgentDto,
  csrfToken: z.string(),
  outgoingEmail: z.boolean().describe('Letters can go out (SMTP_URL, or a mailbox that sends); without it emailed replies wait for a mail server.'),
  departmentsWithoutOutgoingEmail: z.array(z.number().int()).describe('Departments whose replies wait for a mail server while others\' go out: no MAIL_FROM, and no mailbox of theirs that sends.'),
});
export type SessionDto = z.infer<typeof SessionDto>;
