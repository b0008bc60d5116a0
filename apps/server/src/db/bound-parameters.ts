import { isRaw, JsonProperty, type RawQueryFragment, Utils } from '@mikro-orm/core';
import type { Platform } from '@mikro-orm/core';

/**
 * MikroORM 7 renders the values of its own queries into the SQL text (Platform#formatQuery), so on SQLite
 * every `select … where id = 20` is a new text that better-sqlite3 must parse and plan again (7 % of a reply's
 * CPU in the profile of issue 10). This turns the same template and values into SQL with `?` placeholders and
 * the values bound, converted exactly as SQLite's `escape` would have rendered them: one text per query shape,
 * kept prepared by the statement cache. Identifiers (`??`) and nested raw fragments stay rendered, as before.
 */
export function bindParameters(platform: Platform, sql: string, params: readonly unknown[]): { sql: string; parameters: unknown[] } {
  if (params.length === 0) return { sql, parameters: [] };
  const parameters: unknown[] = [];
  let out = '';
  let next = 0;
  let pos = 0;
  while (pos < sql.length) {
    const idx = sql.indexOf('?', pos);
    if (idx === -1) {
      out += sql.slice(pos);
      break;
    }
    out += sql.slice(pos, idx);
    if (idx > 0 && sql[idx - 1] === '\\') {
      // An escaped question mark is a literal one (formatQuery's rule).
      out = `${out.slice(0, -1)}?`;
      pos = idx + 1;
    } else if (sql[idx + 1] === '?') {
      out += platform.quoteIdentifier(params[next++] as string);
      pos = idx + 2;
    } else {
      out += placeholderFor(platform, params[next++], parameters);
      pos = idx + 1;
    }
  }
  return { sql: out, parameters };
}

/** The SQL standing for one value, pushing what it binds. */
function placeholderFor(platform: Platform, value: unknown, parameters: unknown[]): string {
  if (isRaw(value)) return platform.formatQuery((value as RawQueryFragment).sql, (value as RawQueryFragment).params);
  // JSON first: a JSON-tagged array is one value, not a list (AbstractSqlPlatform#quoteValue's order).
  if (Utils.isPlainObject(value) || (value as Record<symbol, unknown> | null)?.[JsonProperty]) {
    parameters.push(JSON.stringify(value));
    return '?';
  }
  if (Array.isArray(value)) return value.map((element) => placeholderFor(platform, element, parameters)).join(', ');
  parameters.push(bindable(value));
  return '?';
}

/** A value as better-sqlite3 binds it, equal to what SqlitePlatform#quoteValue would have written. */
function bindable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return +value;
  return value;
}
