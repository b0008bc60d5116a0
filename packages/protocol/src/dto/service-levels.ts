import { CHANNELS, PRIORITIES, SLA_TARGET_MAX_MINUTES, SLA_TARGETS } from '@parley/domain';
import { z } from 'zod';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const OpeningInterval = z.strictObject({ from: Time, to: Time });
const Holiday = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'), yearly: z.boolean().default(false), name: z.string().max(200).optional() });

/** A business calendar: weekly opening hours (Monday first) and holidays, in an IANA time zone. */
export const BusinessCalendarRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(64).describe('An IANA zone such as Europe/Sofia; never a fixed offset.'),
  week: z.array(z.array(OpeningInterval).max(12)).length(7).describe('Opening hours per weekday, Monday (0) to Sunday (6).'),
  holidays: z.array(Holiday).max(400).default([]),
  isDefault: z.boolean().default(false).describe('Covers departments without a calendar of their own (one at a time).'),
  departmentIds: z.array(z.number().int().positive()).max(500).default([]).describe('Departments that work by this calendar.'),
});
export type BusinessCalendarRequest = z.infer<typeof BusinessCalendarRequest>;
export const UpdateBusinessCalendarRequest = BusinessCalendarRequest.partial();
export type UpdateBusinessCalendarRequest = z.infer<typeof UpdateBusinessCalendarRequest>;

export const BusinessCalendarDto = z.object({
  id: z.number().int(),
  name: z.string(),
  timeZone: z.string(),
  week: z.array(z.array(z.object({ from: z.string(), to: z.string() }))),
  holidays: z.array(z.object({ date: z.string(), yearly: z.boolean(), name: z.string().optional() })),
  isDefault: z.boolean(),
  departmentIds: z.array(z.number().int()),
  updatedAt: z.string(),
});
export type BusinessCalendarDto = z.infer<typeof BusinessCalendarDto>;

const TargetSetting = z.strictObject({ minutes: z.number().int().min(1).max(SLA_TARGET_MAX_MINUTES), businessHours: z.boolean() });

/** A service-level policy; the first enabled one, in order, whose conditions all hold covers a ticket. */
export const SlaPolicyRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  conditions: z
    .strictObject({
      departmentIds: z.array(z.number().int().positive()).max(500).default([]),
      channels: z.array(z.enum(CHANNELS)).default([]),
      priorities: z.array(z.enum(PRIORITIES)).default([]),
      tags: z.array(z.string().trim().toLowerCase().min(1).max(50)).max(50).default([]),
      companyIds: z.array(z.number().int().positive()).max(500).default([]),
    })
    .default({ departmentIds: [], channels: [], priorities: [], tags: [], companyIds: [] }),
  targets: z.strictObject(Object.fromEntries(SLA_TARGETS.map((target) => [target, TargetSetting.optional()])) as Record<(typeof SLA_TARGETS)[number], z.ZodOptional<typeof TargetSetting>>),
  pauseWhenAnswered: z.boolean().default(false),
  warnAtPercent: z.number().int().min(1).max(99).default(80),
});
export type SlaPolicyRequest = z.infer<typeof SlaPolicyRequest>;
export const UpdateSlaPolicyRequest = SlaPolicyRequest.partial();
export type UpdateSlaPolicyRequest = z.infer<typeof UpdateSlaPolicyRequest>;

export const SlaPolicyDto = z.object({
  id: z.number().int(),
  position: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  conditions: z.object({
    departmentIds: z.array(z.number().int()),
    channels: z.array(z.enum(CHANNELS)),
    priorities: z.array(z.enum(PRIORITIES)),
    tags: z.array(z.string()),
    companyIds: z.array(z.number().int()),
  }),
  targets: z.object(Object.fromEntries(SLA_TARGETS.map((target) => [target, z.object({ minutes: z.number().int(), businessHours: z.boolean() }).optional()])) as Record<(typeof SLA_TARGETS)[number], z.ZodOptional<z.ZodObject<{ minutes: z.ZodNumber; businessHours: z.ZodBoolean }>>>),
  pauseWhenAnswered: z.boolean(),
  warnAtPercent: z.number().int(),
  updatedAt: z.string(),
});
export type SlaPolicyDto = z.infer<typeof SlaPolicyDto>;

export const ReorderSlaPoliciesRequest = z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(500) });
export type ReorderSlaPoliciesRequest = z.infer<typeof ReorderSlaPoliciesRequest>;

/** "Test against ticket #N": which policy would cover it now and when each target would be due. */
export const SlaPreviewRequest = z.strictObject({ ticketId: z.number().int().positive() });
export const SlaPreviewDto = z.object({
  policyId: z.number().int().nullable(),
  policyName: z.string().nullable(),
  clocks: z.array(z.object({ target: z.enum(SLA_TARGETS), dueAt: z.string().nullable(), state: z.enum(['running', 'paused', 'met', 'breached']) })),
});
export type SlaPreviewDto = z.infer<typeof SlaPreviewDto>;
