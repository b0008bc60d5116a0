import { auditDiff, DEFAULT_PRECHAT_FIELDS, DEFAULT_WIDGET_COLOUR, DEFAULT_WIDGET_POSITION, DomainError, departmentsWithAgentOnline, ErrorCodes, isWidgetKey, truncateText } from '@parley/domain';
import type { CreateWidgetRequest, OfflineMessageCreated, OfflineMessageRequest, UpdateWidgetRequest, WidgetConfigDto, WidgetDto } from '@parley/protocol';
import type { AgentScope, AppContext, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Agent } from '../agents/agent.entity.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { widgetSnapshot } from '../audit-log/audit-snapshots.js';
import { departmentIdsByAgent } from '../agents/agent.repository.js';
import { createTicketFromWebForm } from '../customers/customer.service.js';
import { canSendMail } from '../mail/sender.js';
import { Department } from '../organisation/department.entity.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { changingHelpPages } from '../knowledge-base/help-page-changes.js';
import { checkedHelpLogo } from './help-logo.js';
import { newIdentitySecret, newWidgetKey } from './identity.js';
import { Widget } from './widget.entity.js';

// ---- administration

export function presentWidget(widget: Widget): WidgetDto {
  return {
    id: widget.id,
    key: widget.key,
    name: widget.name,
    departmentId: widget.department ?? null,
    departmentIds: widget.departmentIds,
    colour: widget.colour,
    position: widget.position,
    greeting: widget.greeting ?? null,
    prechat: { name: widget.prechatName, email: widget.prechatEmail, question: widget.prechatQuestion },
    identitySecret: widget.identitySecret,
    logoAttachmentId: widget.logoAttachment ?? null,
    active: widget.active,
    createdAt: widget.createdAt.toISOString(),
    updatedAt: widget.updatedAt.toISOString(),
  };
}

export async function listWidgets(scope: AgentScope): Promise<WidgetDto[]> {
  return (await scope.em.find(Widget, {}, { orderBy: { name: 'asc', id: 'asc' } })).map(presentWidget);
}

async function assertDepartmentsExist(em: Em, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await em.count(Department, { id: { $in: unique } });
  if (found !== unique.length) throw notFound('Department');
}

export async function createWidget(scope: AgentScope, input: CreateWidgetRequest): Promise<WidgetDto> {
  const departmentIds = [...new Set(input.departmentIds ?? [])];
  await assertDepartmentsExist(scope.em, [...departmentIds, ...(input.departmentId ? [input.departmentId] : [])]);
  const prechat = input.prechat ?? DEFAULT_PRECHAT_FIELDS;
  // A first active widget gives the help center its looks: its kept pages are made again once this commits.
  return changingHelpPages(scope, scope.em.transactional(async (tx) => {
  const em = tx as Em;
  const widget = em.create(Widget, {
    key: newWidgetKey(),
    name: input.name,
    department: input.departmentId ?? null,
    departmentIds,
    colour: input.colour ?? DEFAULT_WIDGET_COLOUR,
    position: input.position ?? DEFAULT_WIDGET_POSITION,
    greeting: input.greeting || null,
    prechatName: prechat.name,
    prechatEmail: prechat.email,
    prechatQuestion: prechat.question,
    identitySecret: newIdentitySecret(),
    active: input.active ?? true,
  } as never);
  await em.flush();
  await recordAudit(scope, em, 'widget.created', { type: 'widget', id: widget.id, label: widget.name }, auditDiff(null, widgetSnapshot(widget)));
  return presentWidget(widget);
  }));
}

export async function updateWidget(scope: AgentScope, id: number, input: UpdateWidgetRequest): Promise<WidgetDto> {
  const widget = await scope.em.findOne(Widget, { id });
  if (!widget) throw notFound('Widget');
  await assertDepartmentsExist(scope.em, [...(input.departmentIds ?? []), ...(input.departmentId ? [input.departmentId] : [])]);
  const before = widgetSnapshot(widget);
  if (input.name !== undefined) widget.name = input.name;
  if (input.departmentId !== undefined) widget.department = input.departmentId;
  if (input.departmentIds !== undefined) widget.departmentIds = [...new Set(input.departmentIds)];
  if (input.colour !== undefined) widget.colour = input.colour;
  if (input.position !== undefined) widget.position = input.position;
  if (input.greeting !== undefined) widget.greeting = input.greeting || null;
  if (input.prechat !== undefined) {
    widget.prechatName = input.prechat.name;
    widget.prechatEmail = input.prechat.email;
    widget.prechatQuestion = input.prechat.question;
  }
  if (input.active !== undefined) widget.active = input.active;
  if (input.logoAttachmentId !== undefined) widget.logoAttachment = input.logoAttachmentId === null ? null : await checkedHelpLogo(scope, input.logoAttachmentId);
  if (input.rotateIdentitySecret) widget.identitySecret = newIdentitySecret();
  // One flush: the change and its entry are written in the same transaction.
  await recordAudit(scope, scope.em, 'widget.updated', { type: 'widget', id, label: widget.name }, auditDiff(before, widgetSnapshot(widget)));
  // The help center wears the first active widget's colour and logo: its kept pages are made again.
  await changingHelpPages(scope, scope.em.flush());
  return presentWidget(widget);
}

export async function deleteWidget(scope: AgentScope, id: number): Promise<void> {
  const widget = await scope.em.findOne(Widget, { id });
  if (!widget) throw notFound('Widget');
  await recordAudit(scope, scope.em, 'widget.deleted', { type: 'widget', id, label: widget.name }, auditDiff(widgetSnapshot(widget), null));
  await changingHelpPages(scope, scope.em.remove(widget).flush());
}

// ---- what the widget reads

/** An active widget by its public key; an unknown, malformed or switched-off key is widget/not_found. */
export async function activeWidget(em: Em, key: string): Promise<Widget> {
  const widget = isWidgetKey(key) ? await em.findOne(Widget, { key, active: true }) : null;
  if (!widget) throw new DomainError(ErrorCodes.widgetNotFound, 'No such chat widget.');
  return widget;
}

/** The departments a widget's chats may go to: its one department, or those the visitor chooses among (the default department when none). */
export async function widgetDepartmentIds(em: Em, widget: Widget | null, requested?: number): Promise<number[]> {
  if (widget?.department) return [widget.department];
  if (widget && widget.departmentIds.length > 0) return widget.departmentIds;
  if (requested !== undefined) return [requested];
  const fallback = await defaultDepartmentId(em);
  return fallback === null ? [] : [fallback];
}

/**
 * Departments where someone can chat now, read from the agents' availability and the live consoles of every
 * instance; `anyone`: whether an administrator can (chats of an installation without departments go to no
 * department, which only administrators see).
 */
export async function onlineDepartments(app: AppContext, em: Em): Promise<{ departments: Set<number>; anyone: boolean }> {
  const [agents, connected] = await Promise.all([
    em.find(Agent, { active: true, availability: 'online' }, { fields: ['id', 'active', 'availability', 'role'] }),
    app.connections.connectedAgentIds(),
  ]);
  const reachable = agents.filter((a) => connected.has(a.id));
  const departments = await departmentIdsByAgent(em, reachable.map((a) => a.id));
  return {
    departments: departmentsWithAgentOnline(
      reachable.map((a) => ({ id: a.id, active: a.active, availability: a.availability, departmentIds: departments.get(a.id) ?? [] })),
      connected,
    ),
    anyone: reachable.some((a) => a.role === 'administrator'),
  };
}

/** `GET /widget/config[/:key]`: looks, texts, fields and who is there, for the loader and the frame. */
export async function widgetConfig(scope: Scope, key: string | null, requestedDepartment?: number): Promise<WidgetConfigDto> {
  const widget = key === null ? null : await activeWidget(scope.em, key);
  if (requestedDepartment !== undefined && (await scope.em.count(Department, { id: requestedDepartment })) === 0) throw notFound('Department');
  const ids = await widgetDepartmentIds(scope.em, widget, requestedDepartment);
  const [departments, online, emailReplies] = await Promise.all([
    ids.length > 0 ? scope.em.find(Department, { id: { $in: ids } }, { fields: ['id', 'name'], orderBy: { name: 'asc', id: 'asc' } }) : [],
    onlineDepartments(scope.app, scope.em),
    // An offline message without a department is answered through SMTP_URL only (senderFor).
    canSendMail(scope.em, scope.app.config.mail?.from ?? null, ids),
  ]);
  const offered = departments.map((d) => ({ id: d.id, name: d.name, online: online.departments.has(d.id) }));
  return {
    key: widget?.key ?? null,
    colour: widget?.colour ?? DEFAULT_WIDGET_COLOUR,
    position: widget?.position ?? DEFAULT_WIDGET_POSITION,
    greeting: widget?.greeting ?? null,
    prechat: widget ? { name: widget.prechatName, email: widget.prechatEmail, question: widget.prechatQuestion } : DEFAULT_PRECHAT_FIELDS,
    departmentChoice: !!widget && !widget.department && widget.departmentIds.length > 1,
    departments: offered,
    // Without any department, chats go to no department, which administrators see: anyone online will do.
    online: ids.length === 0 ? online.anyone : offered.some((d) => d.online),
    emailReplies,
  };
}

/**
 * The offline form. It is the web form under another name: a `web_form` ticket on the widget's (or the
 * chosen) department, answered by email, since nobody was there to chat.
 */
export async function leaveOfflineMessage(scope: Scope, input: OfflineMessageRequest, ip: string): Promise<OfflineMessageCreated> {
  const widget = input.widgetKey ? await activeWidget(scope.em, input.widgetKey) : null;
  const allowed = widget ? await widgetDepartmentIds(scope.em, widget) : null;
  const departmentId = allowed && allowed.length > 0 ? (input.departmentId !== undefined && allowed.includes(input.departmentId) ? input.departmentId : allowed[0]) : input.departmentId;
  const line = input.message.replace(/\s+/g, ' ').trim();
  const created = await createTicketFromWebForm(
    scope,
    { name: input.name, email: input.email, subject: truncateText(line, 100, '…'), message: input.message, ...(departmentId !== undefined ? { departmentId } : {}) },
    ip,
    'offline_form',
  );
  return { number: created.number };
}
