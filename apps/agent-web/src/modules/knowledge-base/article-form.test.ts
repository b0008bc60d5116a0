import type { KbArticleDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { FormProblem } from '../../composables/use-error-message';
import { articleFormOf, articleFormProblem, createRequestOf, formChanged, newArticleForm, updateRequestOf } from './article-form';
import { bodyForSave, editingPictureSrc, isAllowedLink, normaliseLink } from './editor-pictures';

const article: KbArticleDto = {
  id: 9,
  translationGroupId: 9,
  language: 'bg',
  slug: 'парола',
  title: 'Парола',
  tags: ['профил', 'вход'],
  status: 'published',
  visibility: 'public',
  categoryId: 3,
  revision: 4,
  updatedAt: '2026-12-01T10:00:00.000Z',
  url: 'https://help.example/help/bg/парола',
  body: '<p>Текст</p>',
  createdAt: '2026-12-01T09:00:00.000Z',
  publishedAt: '2026-12-01T09:00:00.000Z',
  updatedBy: null,
  feedback: { yes: 0, no: 0 },
  translations: [],
};

describe('the article form', () => {
  it('starts a translation in its original\'s category, visibility and tags, as a draft with its own text', () => {
    expect(newArticleForm('uk', { ...article, visibility: 'internal' })).toEqual({ title: '', language: 'uk', categoryId: 3, tags: 'профил, вход', status: 'draft', visibility: 'internal', body: '' });
    expect(newArticleForm('en')).toEqual({ title: '', language: 'en', categoryId: null, tags: '', status: 'draft', visibility: 'public', body: '' });
  });

  it('asks for a title and a text before the server is asked', () => {
    const form = { ...newArticleForm('bg'), title: '  ' };
    expect(articleFormProblem(form, false)).toEqual(new FormProblem('knowledgeBase.editor.titleRequired'));
    expect(articleFormProblem({ ...form, title: 'Т' }, true)).toEqual(new FormProblem('knowledgeBase.editor.bodyRequired'));
    expect(articleFormProblem({ ...form, title: 'Т' }, false)).toBeNull();
  });

  it('creates with clean tags, and as a translation when it is one', () => {
    const form = { ...newArticleForm('uk'), title: ' Пароль ', tags: 'Профіль, , профіль,  Вхід ', body: '<p>x</p>', status: 'published' as const };
    expect(createRequestOf(form, 9)).toEqual({ title: 'Пароль', language: 'uk', body: '<p>x</p>', tags: ['профіль', 'вхід'], status: 'published', visibility: 'public', categoryId: null, translationOf: 9 });
    expect(createRequestOf(form, null)).not.toHaveProperty('translationOf');
  });

  it('sends only what changed since the editor opened, with the revision it opened', () => {
    const baseline = { ...articleFormOf(article), body: '<p>Текст</p>' };
    expect(updateRequestOf({ ...baseline, tags: 'Профил,вход' }, baseline, 4)).toBeNull();
    expect(formChanged({ ...baseline, title: 'Парола ' }, baseline)).toBe(false);
    expect(updateRequestOf({ ...baseline, title: 'Нова парола', status: 'draft', categoryId: null, tags: 'вход' }, baseline, 4)).toEqual({
      title: 'Нова парола',
      status: 'draft',
      categoryId: null,
      tags: ['вход'],
      baseRevision: 4,
    });
    expect(formChanged({ ...baseline, body: '<p>Друг</p>' }, baseline)).toBe(true);
  });
});

describe('pictures and links in the editor', () => {
  it('saves uploaded pictures at their help-center address and leaves other markup alone', () => {
    const id = '0B0F6E3C-5A53-4F0E-9A53-0C3F0E1B2A44';
    const html = `<p>a</p><img src="${editingPictureSrc(id)}" alt="екран"><p><a href="/api/v1/attachments/${id}">file</a></p>`;
    expect(bodyForSave(html)).toBe(`<p>a</p><img src="/help/files/${id.toLowerCase()}" alt="екран"><p><a href="/api/v1/attachments/${id}">file</a></p>`);
    expect(bodyForSave('<img src="/help/files/x">')).toBe('<img src="/help/files/x">');
  });

  it('accepts web, mail and help-center links, and makes a bare host a web address', () => {
    expect(isAllowedLink('https://example.com/a?b=1')).toBe(true);
    expect(isAllowedLink('mailto:help@example.com')).toBe(true);
    expect(isAllowedLink('/help/bg/парола')).toBe(true);
    expect(isAllowedLink('javascript:alert(1)')).toBe(false);
    expect(isAllowedLink('/admin')).toBe(false);
    expect(normaliseLink(' example.com/x ')).toBe('https://example.com/x');
    expect(normaliseLink('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(normaliseLink('')).toBe('');
  });
});
