import {
  auditDiff,
  CANNED_PLACEHOLDERS,
  chooseReplyTemplate,
  DomainError,
  ErrorCodes,
  placeReplyCursor,
  REPLY_TEMPLATE_CURSOR,
  renderCannedResponse,
  unknownTemplatePlaceholders,
} from '@parley/domain';
import type { FilledReplyTemplate, ReplyTemplateDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { notFound } from '../../http/http-error.js';
import { Department } from '../organisation/department.entity.js';
import { placeholderValues } from '../tickets/placeholder-values.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { ReplyTemplate } from './reply-template.entity.js';

type Owner = { agent: number } | { department: number };

async function templateOf(em: Em, owner: Owner): Promise<string | null> {
  return (await em.findOne(ReplyTemplate, owner, { fields: ['body'] }))?.body ?? null;
}

/** Saves or (null, blank) removes one owner's template; a placeholder Parley would not fill is refused, as in canned responses. */
async function saveTemplate(em: Em, owner: Owner, template: string | null): Promise<ReplyTemplateDto> {
  if (template === null || template.trim() === '') {
    await em.nativeDelete(ReplyTemplate, owner);
    return { template: null };
  }
  const unknown = unknownTemplatePlaceholders(template);
  if (unknown.length > 0) {
    const known = [...CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`), REPLY_TEMPLATE_CURSOR];
    throw new DomainError(ErrorCodes.cannedPlaceholderUnknown, `Unknown placeholder(s): ${unknown.join(', ')}. Known ones: ${known.join(', ')}.`, {
      unknown,
      known: [...CANNED_PLACEHOLDERS],
    });
  }
  // One statement, so two saves at once leave one row (the unique owner column decides), never a duplicate.
  await em.upsert(ReplyTemplate, { ...owner, body: template, updatedAt: new Date() }, { onConflictFields: [Object.keys(owner)[0] as 'agent' | 'department'] });
  return { template };
}

export function myReplyTemplate(scope: AgentScope): Promise<ReplyTemplateDto> {
  return templateOf(scope.em, { agent: scope.agent.agentId }).then((template) => ({ template }));
}

export function setMyReplyTemplate(scope: AgentScope, template: string | null): Promise<ReplyTemplateDto> {
  return saveTemplate(scope.em.fork() as Em, { agent: scope.agent.agentId }, template);
}

async function assertDepartment(em: Em, departmentId: number): Promise<void> {
  if ((await em.count(Department, { id: departmentId })) === 0) throw notFound(`Department ${departmentId}`);
}

export async function departmentReplyTemplate(scope: AgentScope, departmentId: number): Promise<ReplyTemplateDto> {
  await assertDepartment(scope.em, departmentId);
  return { template: await templateOf(scope.em, { department: departmentId }) };
}

/** An administrator's change, recorded in the audit log in the same transaction. */
export async function setDepartmentReplyTemplate(scope: AgentScope, departmentId: number, template: string | null): Promise<ReplyTemplateDto> {
  return (scope.em.fork() as Em).transactional(async (tx) => {
    const department = await tx.findOne(Department, { id: departmentId }, { fields: ['id', 'name'] });
    if (!department) throw notFound(`Department ${departmentId}`);
    const before = await templateOf(tx as Em, { department: departmentId });
    const saved = await saveTemplate(tx as Em, { department: departmentId }, template);
    const target = { type: 'department', id: departmentId, label: department.name } as const;
    await recordAudit(scope, tx as Em, 'department.reply_template_changed', target, auditDiff({ replyTemplate: before }, { replyTemplate: saved.template }));
    return saved;
  });
}

/** The template a new reply on this ticket starts from: the agent's own, else the ticket department's, filled for the ticket. */
export async function fillReplyTemplate(scope: AgentScope, ticketId: number): Promise<FilledReplyTemplate> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  const [own, department] = await Promise.all([
    templateOf(scope.em, { agent: scope.agent.agentId }),
    ticket.departmentId ? templateOf(scope.em, { department: ticket.departmentId }) : null,
  ]);
  const template = chooseReplyTemplate(own, department);
  if (template === null) return { text: null, cursor: 0 };
  return placeReplyCursor(renderCannedResponse(template, await placeholderValues(scope.em, scope.agent.agentId, ticket)));
}
