import type { CompanyDto, ContactDto } from '@parley/protocol';
import type { Company, Contact } from './contact.entity.js';

export function presentContact(contact: Contact, emails: readonly string[]): ContactDto {
  return {
    id: contact.id,
    name: contact.name ?? null,
    emails: [...emails],
    phones: contact.phones,
    companyId: contact.company ?? null,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}

export function presentCompany(company: Company): CompanyDto {
  return {
    id: company.id,
    name: company.name,
    domains: company.domains,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  };
}
