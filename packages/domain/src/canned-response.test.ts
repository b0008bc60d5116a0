import { describe, expect, it } from 'vitest';
import { CANNED_PLACEHOLDERS, firstName, renderCannedResponse, unknownPlaceholders } from './canned-response.js';

describe('renderCannedResponse', () => {
  it('fills known placeholders', () => {
    expect(
      renderCannedResponse('Hello {{contact.firstName}}, this is {{agent.name}} about #{{ticket.number}}.', {
        'contact.firstName': 'Ada',
        'agent.name': 'Grace Hopper',
        'ticket.number': 1042,
      }),
    ).toBe('Hello Ada, this is Grace Hopper about #1042.');
  });

  it.each(CANNED_PLACEHOLDERS)('fills {{%s}}', (key) => {
    expect(renderCannedResponse(`[{{${key}}}]`, { [key]: 'value' })).toBe('[value]');
  });

  it('fills the same placeholder every time it appears', () => {
    expect(renderCannedResponse('{{contact.name}} / {{contact.name}}', { 'contact.name': 'Ada' })).toBe('Ada / Ada');
  });

  it('keeps unknown placeholders as written', () => {
    expect(renderCannedResponse('Hi {{contact.nickname}} and {{ foo.bar }}', {})).toBe('Hi {{contact.nickname}} and {{ foo.bar }}');
  });

  it('leaves text that is not a placeholder alone', () => {
    const text = 'Use {single} braces, {{nodot}}, {{contact_name}}, {{a.b.c}} or {{ 1.2 }}.';
    expect(renderCannedResponse(text, { 'contact.name': 'Ada' })).toBe(text);
  });

  it('empties a known placeholder whose value is null', () => {
    expect(renderCannedResponse('Dear {{contact.name}},', { 'contact.name': null })).toBe('Dear ,');
  });

  it('empties a known placeholder with no value at all', () => {
    expect(renderCannedResponse('Team {{department.name}}!', {})).toBe('Team !');
  });

  it('keeps an empty string and zero as values', () => {
    expect(renderCannedResponse('[{{agent.name}}][{{ticket.number}}]', { 'agent.name': '', 'ticket.number': 0 })).toBe('[][0]');
  });

  it('accepts whitespace inside the braces', () => {
    expect(
      renderCannedResponse('{{ contact.name }} {{contact.name   }} {{\tcontact.name\n}}', { 'contact.name': 'Ada' }),
    ).toBe('Ada Ada Ada');
  });

  it('is case-sensitive about placeholder names', () => {
    expect(renderCannedResponse('{{Contact.Name}}', { 'contact.name': 'Ada' })).toBe('{{Contact.Name}}');
  });

  it('does not interpret replacement patterns in values', () => {
    expect(renderCannedResponse('{{contact.name}}', { 'contact.name': '$& $1 $$' })).toBe('$& $1 $$');
  });

  it('does not expand placeholders that appear in values', () => {
    expect(
      renderCannedResponse('{{ticket.subject}}', { 'ticket.subject': '{{agent.name}}', 'agent.name': 'Grace' }),
    ).toBe('{{agent.name}}');
  });

  it('can be called repeatedly (no leftover regex state)', () => {
    const values = { 'contact.name': 'Ada' };
    expect(renderCannedResponse('{{contact.name}}', values)).toBe('Ada');
    expect(renderCannedResponse('{{contact.name}}', values)).toBe('Ada');
  });

  it('returns text without placeholders unchanged', () => {
    expect(renderCannedResponse('Thanks!', {})).toBe('Thanks!');
    expect(renderCannedResponse('', {})).toBe('');
  });
});

describe('firstName', () => {
  it.each([
    ['Ada Lovelace', 'Ada'],
    ['  Ada   King Lovelace ', 'Ada'],
    ['Ada', 'Ada'],
    ['Jean-Luc Picard', 'Jean-Luc'],
    ['\tAda\nLovelace', 'Ada'],
  ])('%j → %j', (input, expected) => {
    expect(firstName(input)).toBe(expected);
  });

  it.each([[null], [undefined], [''], ['   '], ['\n\t']])('%j → null', (input) => {
    expect(firstName(input)).toBeNull();
  });
});

describe('unknownPlaceholders', () => {
  it('names every placeholder Parley would not fill, misspelt or made up, once each', () => {
    expect(unknownPlaceholders('Hi {{contact.firstName}}, {{contact.nmae}} {{ name }} {{unknown.thing}} {{contact.nmae}} {{}}')).toEqual([
      '{{contact.nmae}}',
      '{{ name }}',
      '{{unknown.thing}}',
      '{{}}',
    ]);
  });

  it('accepts texts whose placeholders are all known, spaced or not, and texts with single braces', () => {
    expect(unknownPlaceholders('Hello {{ contact.name }} — #{{ticket.number}} in {{department.name}}; {not one}')).toEqual([]);
  });
});
