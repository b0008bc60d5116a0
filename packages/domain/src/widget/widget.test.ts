import { describe, expect, it } from 'vitest';
import { checkPrechat, DEFAULT_PRECHAT_FIELDS, departmentsWithAgentOnline, isWidgetColour, isWidgetKey } from './widget.js';

describe('checkPrechat', () => {
  it('accepts optional fields left empty and keeps what was given', () => {
    expect(checkPrechat(DEFAULT_PRECHAT_FIELDS, {})).toEqual({ ok: true });
    expect(checkPrechat(DEFAULT_PRECHAT_FIELDS, { name: ' Ana ', email: 'ana@example.com' })).toEqual({ ok: true, name: 'Ana', email: 'ana@example.com' });
  });

  it('refuses a required field that is missing or blank', () => {
    const fields = { name: 'required', email: 'required', question: true } as const;
    expect(checkPrechat(fields, { email: 'a@example.com' })).toEqual({ ok: false, field: 'name' });
    expect(checkPrechat(fields, { name: 'Ana', email: '  ' })).toEqual({ ok: false, field: 'email' });
    expect(checkPrechat(fields, { name: 'Ana', email: 'a@example.com' })).toEqual({ ok: true, name: 'Ana', email: 'a@example.com' });
  });

  it('drops a field the widget does not ask for', () => {
    expect(checkPrechat({ name: 'off', email: 'off', question: false }, { name: 'Ana', email: 'a@example.com' })).toEqual({ ok: true });
  });
});

describe('isWidgetColour / isWidgetKey', () => {
  it('accepts #rrggbb only', () => {
    expect(isWidgetColour('#2563eb')).toBe(true);
    expect(isWidgetColour('#ABCDEF')).toBe(true);
    for (const bad of ['2563eb', '#fff', 'red', '#2563eb;background:url(x)', '#12345g']) expect(isWidgetColour(bad)).toBe(false);
  });

  it('accepts url-safe keys of 8 to 64 characters', () => {
    expect(isWidgetKey('wk_abcdefgh1234')).toBe(true);
    for (const bad of ['short', 'has space in it', 'a'.repeat(65), '../../etc']) expect(isWidgetKey(bad)).toBe(false);
  });
});

describe('departmentsWithAgentOnline', () => {
  const agent = (id: number, availability: 'online' | 'away' | 'offline', departmentIds: number[], active = true) => ({ id, availability, departmentIds, active });

  it('counts an active, online agent with a connected console for each of their departments', () => {
    expect(departmentsWithAgentOnline([agent(1, 'online', [1, 2])], new Set([1]))).toEqual(new Set([1, 2]));
  });

  it('does not count away, offline, inactive or unconnected agents', () => {
    const agents = [agent(1, 'away', [1]), agent(2, 'offline', [2]), agent(3, 'online', [3], false), agent(4, 'online', [4])];
    expect(departmentsWithAgentOnline(agents, new Set([1, 2, 3]))).toEqual(new Set());
  });
});
