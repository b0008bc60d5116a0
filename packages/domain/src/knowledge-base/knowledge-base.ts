import type { AgentPrincipal, AgentRole } from '../principal.js';
import { surveyLocaleFromAcceptLanguage, surveyLocaleOf } from '../satisfaction/satisfaction.js';

/**
 * The knowledge base: categories and articles that customers read at `/help` (and agents read in the
 * console), each article in one of the six languages and linked to its translations by a shared group.
 */
export const KB_LANGUAGES = ['bg', 'el', 'en', 'lv', 'ru', 'uk'] as const;
export type KbLanguage = (typeof KB_LANGUAGES)[number];

export const KB_ARTICLE_STATUSES = ['draft', 'published'] as const;
export type KbArticleStatus = (typeof KB_ARTICLE_STATUSES)[number];

/** Public articles are for everyone; internal ones only for agents (signed in to the console). */
export const KB_VISIBILITIES = ['public', 'internal'] as const;
export type KbVisibility = (typeof KB_VISIBILITIES)[number];

export const KB_FEEDBACK_ANSWERS = ['yes', 'no'] as const;
export type KbFeedbackAnswer = (typeof KB_FEEDBACK_ANSWERS)[number];

export const KB_TITLE_MAX_LENGTH = 200;
/** The article's HTML as the editor sends it (before sanitizing); about 40 printed pages. */
export const KB_BODY_MAX_LENGTH = 200_000;
export const KB_TAGS_MAX = 20;
export const KB_TAG_MAX_LENGTH = 50;
export const KB_CATEGORY_NAME_MAX_LENGTH = 100;
export const KB_CATEGORY_DESCRIPTION_MAX_LENGTH = 500;
export const KB_SLUG_MAX_LENGTH = 100;

export function isKbLanguage(value: unknown): value is KbLanguage {
  return typeof value === 'string' && (KB_LANGUAGES as readonly string[]).includes(value);
}

/** One of the knowledge base's languages from a tag such as `bg-BG`; null when none fits. */
export function kbLanguageOf(tag: string | null | undefined): KbLanguage | null {
  // The knowledge base speaks the same six languages as the satisfaction survey: one parser for both.
  return surveyLocaleOf(tag);
}

/** The first of the knowledge base's languages an Accept-Language header asks for, by its weights. */
export function kbLanguageFromAcceptLanguage(header: string | null | undefined): KbLanguage | null {
  return surveyLocaleFromAcceptLanguage(header);
}

/** Who is reading: a visitor of the public pages (or the widget), or an agent of the console. */
export type KbReader = { readonly kind: 'visitor' } | { readonly kind: 'agent'; readonly role: AgentRole };

export const KB_VISITOR: KbReader = { kind: 'visitor' };

export function kbReaderOf(agent: AgentPrincipal | null): KbReader {
  return agent ? { kind: 'agent', role: agent.role } : KB_VISITOR;
}

/**
 * Who edits the knowledge base: administrators, as for every other shared text of the desk (canned responses,
 * widgets, reply templates of departments). Agents read it all, internal articles included, but change nothing.
 */
export function canEditKnowledgeBase(role: AgentRole): boolean {
  return role === 'administrator';
}

/**
 * The one visibility rule of an article. Published and public: anyone. Published and internal: agents only.
 * A draft: only those who may edit it (administrators), so a half-written text never reaches a reader,
 * not even an agent who might quote it to a customer.
 */
export function canReadArticle(reader: KbReader, article: { readonly status: KbArticleStatus; readonly visibility: KbVisibility }): boolean {
  if (article.status === 'draft') return reader.kind === 'agent' && canEditKnowledgeBase(reader.role);
  if (article.visibility === 'internal') return reader.kind === 'agent';
  return true;
}

/** The states of article a reader may see, as filters for a query (the same rule as canReadArticle). */
export function readableArticleStates(reader: KbReader): { readonly statuses: readonly KbArticleStatus[]; readonly visibilities: readonly KbVisibility[] } {
  if (reader.kind === 'visitor') return { statuses: ['published'], visibilities: ['public'] };
  return { statuses: canEditKnowledgeBase(reader.role) ? ['draft', 'published'] : ['published'], visibilities: ['public', 'internal'] };
}

/** Tags as stored: trimmed, lower-cased, blanks and repeats dropped, in the order given. */
export function normaliseKbTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const clean = tag.trim().replace(/\s+/g, ' ').toLowerCase();
    if (clean !== '') seen.add(clean);
  }
  return [...seen];
}

/** A category's names, one per language it has been named in. */
export type KbCategoryNames = Partial<Record<KbLanguage, string>>;

/** A category's name in a language: its own there, else the first it has in the languages' order (never blank). */
export function kbCategoryName(names: KbCategoryNames, language: KbLanguage): string {
  const own = names[language]?.trim();
  if (own) return own;
  for (const other of KB_LANGUAGES) {
    const name = names[other]?.trim();
    if (name) return name;
  }
  return '—';
}
