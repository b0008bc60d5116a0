import type { FilterQuery } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { Api, BodyOf, CompanyDto, ListQuery, UpdateCompanyRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { afterIdCursor, containsTextOrWords, pageById } from '../../db/list-filters.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Company } from './contact.entity.js';
import { presentCompany } from './contact.presenter.js';

type CreateCompanyInput = BodyOf<Api['createCompany']>;

/** Companies, like contacts, are shared by the whole team: any agent may read and edit them. */

export async function listCompanies(scope: AgentScope, query: ListQuery): Promise<{ items: CompanyDto[]; nextCursor: string | null }> {
  const and: FilterQuery<Company>[] = [];
  if (query.q) and.push(containsTextOrWords('name', query.q));
  const after = afterIdCursor(query.cursor);
  if (after) and.push(after);
  const rows = await scope.em.find(Company, and.length > 0 ? { $and: and } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
  const page = pageById(rows, query.limit);
  return { items: page.rows.map(presentCompany), nextCursor: page.nextCursor };
}

export async function getCompany(scope: AgentScope, id: number): Promise<CompanyDto> {
  const company = await scope.em.findOne(Company, { id });
  if (!company) throw notFound('Company');
  return presentCompany(company);
}

export async function createCompany(scope: AgentScope, input: CreateCompanyInput): Promise<CompanyDto> {
  const company = scope.em.create(Company, { name: input.name, domains: [...new Set(input.domains)] });
  await scope.em.flush();
  return presentCompany(company);
}

export async function updateCompany(scope: AgentScope, id: number, input: UpdateCompanyRequest): Promise<CompanyDto> {
  const company = await scope.em.findOne(Company, { id });
  if (!company) throw notFound('Company');
  if (input.name !== undefined) company.name = input.name;
  if (input.domains !== undefined) company.domains = [...new Set(input.domains)];
  await scope.em.flush();
  scope.app.events.publish('company.changed', { companyId: id });
  return presentCompany(company);
}

/** A contact may name only a company that exists (null clears it). */
export async function assertCompanyExists(em: Em, companyId: number | null | undefined): Promise<void> {
  if (companyId === null || companyId === undefined) return;
  if ((await em.count(Company, { id: companyId })) === 0) {
    throw new DomainError(ErrorCodes.notFound, `Company ${companyId} not found.`, { companyId });
  }
}
