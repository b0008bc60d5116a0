import {
  KB_ARTICLE_FIELDS, KB_ARTICLE_STATUSES, KB_BODY_MAX_LENGTH, KB_CATEGORY_DESCRIPTION_MAX_LENGTH, KB_CATEGORY_NAME_MAX_LENGTH, KB_FEEDBACK_ANSWERS, KB_LANGUAGES,
  KB_SLUG_MAX_LENGTH, KB_TAG_MAX_LENGTH, KB_TAGS_MAX, KB_TITLE_MAX_LENGTH, KB_VISIBILITIES, SEARCH_QUERY_MAX_LENGTH,
} from '@parley/domain';
import { z } from 'zod';
import { Cursor, Id, IdParam, IsoDateTime } from '../common.js';
import { SnippetPart } from './search.js';

export const KbLanguageName = z.enum(KB_LANGUAGES);
export const KbArticleStatusName = z.enum(KB_ARTICLE_STATUSES);
export const KbVisibilityName = z.enum(KB_VISIBILITIES);
export const KbFeedbackAnswerName = z.enum(KB_FEEDBACK_ANSWERS);

const CategoryName = z.string().trim().min(1).max(KB_CATEGORY_NAME_MAX_LENGTH);
/** A category's name per language; at least one. */
export const KbCategoryNamesDto = z.partialRecord(KbLanguageName, CategoryName);

export const KbCategoryDto = z.object({
  id: z.number().int(),
  names: KbCategoryNamesDto,
  description: z.string().nullable(),
  position: z.number().int(),
  updatedAt: IsoDateTime,
});
export type KbCategoryDto = z.infer<typeof KbCategoryDto>;

export const KbCategoryRequest = z.strictObject({
  names: z.strictObject(Object.fromEntries(KB_LANGUAGES.map((l) => [l, CategoryName.optional()])) as Record<(typeof KB_LANGUAGES)[number], z.ZodOptional<typeof CategoryName>>)
    .refine((names) => Object.values(names).some((name) => name !== undefined), 'Name the category in at least one language.'),
  description: z.string().max(KB_CATEGORY_DESCRIPTION_MAX_LENGTH).nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});
export type KbCategoryRequest = z.infer<typeof KbCategoryRequest>;
export const UpdateKbCategoryRequest = KbCategoryRequest.partial();
export type UpdateKbCategoryRequest = z.infer<typeof UpdateKbCategoryRequest>;

const Title = z.string().trim().min(1).max(KB_TITLE_MAX_LENGTH);
const Slug = z.string().min(1).max(KB_SLUG_MAX_LENGTH * 4).describe('Lower-case letters and digits of any script, joined by single hyphens; made from the title when absent.');
const Tags = z.array(z.string().max(KB_TAG_MAX_LENGTH)).max(KB_TAGS_MAX);
const Body = z.string().max(KB_BODY_MAX_LENGTH).describe('HTML (headings, lists, links, code, tables; images as `<img src="/help/files/<attachment id>">` of files uploaded through POST /attachments). Sanitized on save as email HTML is.');

export const CreateKbArticleRequest = z.strictObject({
  title: Title,
  slug: Slug.optional(),
  language: KbLanguageName,
  body: Body,
  tags: Tags.optional(),
  status: KbArticleStatusName.optional().describe('Draft by default.'),
  visibility: KbVisibilityName.optional().describe('Public by default; internal articles only agents read.'),
  categoryId: Id.nullable().optional(),
  translationOf: Id.optional().describe('An article this one translates: it joins that article\'s translation group (one article per language).'),
});
export type CreateKbArticleRequest = z.infer<typeof CreateKbArticleRequest>;

export const UpdateKbArticleRequest = z.strictObject({
  title: Title.optional(),
  slug: Slug.optional(),
  language: KbLanguageName.optional(),
  body: Body.optional(),
  tags: Tags.optional(),
  status: KbArticleStatusName.optional(),
  visibility: KbVisibilityName.optional(),
  categoryId: Id.nullable().optional(),
  baseRevision: z.number().int().positive().optional().describe('The revision the editor started from; refused with resource/conflict when someone saved since.'),
});
export type UpdateKbArticleRequest = z.infer<typeof UpdateKbArticleRequest>;

export const KbTranslationDto = z.object({
  id: z.number().int(),
  language: KbLanguageName,
  slug: z.string(),
  title: z.string(),
  status: KbArticleStatusName,
  visibility: KbVisibilityName,
});
export type KbTranslationDto = z.infer<typeof KbTranslationDto>;

export const KbArticleSummaryDto = z.object({
  id: z.number().int(),
  translationGroupId: z.number().int(),
  language: KbLanguageName,
  slug: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  status: KbArticleStatusName,
  visibility: KbVisibilityName,
  categoryId: z.number().int().nullable(),
  revision: z.number().int(),
  updatedAt: IsoDateTime,
  /** The public page, when the article is published and public. */
  url: z.string().nullable(),
});
export type KbArticleSummaryDto = z.infer<typeof KbArticleSummaryDto>;

export const KbArticleDto = KbArticleSummaryDto.extend({
  body: z.string().describe('The sanitized HTML.'),
  createdAt: IsoDateTime,
  publishedAt: IsoDateTime.nullable(),
  updatedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  feedback: z.object({ yes: z.number().int(), no: z.number().int() }),
  translations: z.array(KbTranslationDto).describe('The other articles of its translation group the reader may see.'),
});
export type KbArticleDto = z.infer<typeof KbArticleDto>;

export const KbArticleListQuery = z.strictObject({
  language: KbLanguageName.optional(),
  categoryId: IdParam.optional(),
  status: KbArticleStatusName.optional(),
  visibility: KbVisibilityName.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type KbArticleListQuery = z.input<typeof KbArticleListQuery>;

export const KbRevisionDto = z.object({
  revision: z.number().int(),
  kind: z.enum(['created', 'edited', 'restored']),
  restoredFrom: z.number().int().nullable(),
  changed: z.array(z.enum(KB_ARTICLE_FIELDS)),
  agentId: z.number().int().nullable(),
  agentName: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type KbRevisionDto = z.infer<typeof KbRevisionDto>;

export const KbRevisionDetailDto = KbRevisionDto.extend({
  title: z.string(),
  slug: z.string(),
  language: KbLanguageName,
  body: z.string(),
  tags: z.array(z.string()),
  status: KbArticleStatusName,
  visibility: KbVisibilityName,
  categoryId: z.number().int().nullable(),
});
export type KbRevisionDetailDto = z.infer<typeof KbRevisionDetailDto>;

export const KbRevisionParams = z.strictObject({ id: IdParam, revision: IdParam });

export const KbSearchQuery = z.strictObject({
  q: z.string().max(SEARCH_QUERY_MAX_LENGTH),
  language: KbLanguageName,
  limit: z.coerce.number().int().min(1).max(50).default(10),
  match: z.enum(['all', 'any']).optional().describe('`all` (the default): articles holding every word. `any`: articles holding any of the words of four letters or more, those holding more first; for suggestions while someone writes a message.'),
});
export type KbSearchQuery = z.input<typeof KbSearchQuery>;

export const KbSearchHitDto = z.object({
  id: z.number().int(),
  language: KbLanguageName,
  slug: z.string(),
  title: z.string(),
  snippet: z.array(SnippetPart),
  status: KbArticleStatusName,
  visibility: KbVisibilityName,
  categoryId: z.number().int().nullable(),
  url: z.string().nullable(),
});
export type KbSearchHitDto = z.infer<typeof KbSearchHitDto>;
export const KbSearchResultsDto = z.object({ items: z.array(KbSearchHitDto) });
export type KbSearchResultsDto = z.infer<typeof KbSearchResultsDto>;

/** A published public article as the widget shows it: nothing an agent-only field would tell. */
export const KbPublicArticleDto = z.object({
  id: z.number().int(),
  language: KbLanguageName,
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  updatedAt: IsoDateTime,
  url: z.string(),
  translations: z.array(z.object({ language: KbLanguageName, slug: z.string(), title: z.string(), url: z.string() })),
});
export type KbPublicArticleDto = z.infer<typeof KbPublicArticleDto>;
export const KbPublicArticleParams = z.strictObject({ language: KbLanguageName, slug: z.string().min(1).max(KB_SLUG_MAX_LENGTH * 4) });

export const KbFeedbackRequest = z.strictObject({ answer: KbFeedbackAnswerName });
export type KbFeedbackRequest = z.infer<typeof KbFeedbackRequest>;
