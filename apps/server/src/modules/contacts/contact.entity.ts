import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { companySearchText, contactSearchText } from '@parley/domain';

export const Company = defineEntity({
  name: 'Company',
  tableName: 'company',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200).index(),
    domains: p.json<string[]>(),
    /** Name and domains as folded words, for full-text search (modules/search); never loaded with the row. */
    searchText: p.text().fieldName('search_text').strictNullable().lazy().onCreate(companySearchText).onUpdate(companySearchText),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Company = InferEntity<typeof Company>;

export const Contact = defineEntity({
  name: 'Contact',
  tableName: 'contact',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200).nullable().index(),
    /** The first email, denormalized for lists; every email also has a row in contact_email for lookups. */
    primaryEmail: p.string().length(254).nullable(),
    phones: p.json<string[]>(),
    company: () => p.manyToOne(Company).mapToPk().fieldName('company_id').nullable().deleteRule('set null').index(),
    /** Name, first email and phones as folded words, for full-text search (modules/search); never loaded with the row. */
    searchText: p.text().fieldName('search_text').strictNullable().lazy().onCreate(contactSearchText).onUpdate(contactSearchText),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Contact = InferEntity<typeof Contact>;

/** One row per address, unique across contacts: an incoming address always finds exactly one contact. */
export const ContactEmail = defineEntity({
  name: 'ContactEmail',
  tableName: 'contact_email',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string().length(254).unique(),
    contact: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').deleteRule('cascade').index(),
    position: p.integer().default(0),
  },
});
export type ContactEmail = InferEntity<typeof ContactEmail>;
