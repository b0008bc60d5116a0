import { raw } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bindParameters } from '../src/db/bound-parameters.js';
import { createTestApp, type TestApp } from './helpers/create-test-app.js';

/**
 * On SQLite the ORM's queries run with their values bound instead of rendered into the text (issue 10). Bound
 * or rendered, SQLite must see the same values: each case runs both ways on the real database and compares.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ db: 'sqlite' });
});
afterAll(() => t?.close());

const when = new Date('2026-12-04T10:11:12.345Z');
const cases: [string, string, unknown[]][] = [
  ['booleans', 'select ? as a, ? as b', [true, false]],
  ['a date, as epoch milliseconds', 'select ? as d', [when]],
  ['null and undefined', 'select ? as a, ? as b', [null, undefined]],
  ['numbers and a bigint', 'select ? as a, ? as b, ? as c', [0, -1.5, 9007199254740993n]],
  ['text with quotes, Cyrillic, Greek and an astral emoji', 'select ? as s', ["it's \"quoted\" — счёт λόγος 🧑‍💻"]],
  ['a plain object, as JSON', 'select ? as j', [{ a: 1, b: ['x'] }]],
  ['a list in an in()', 'select 2 in (?) as hit, 5 in (?) as miss', [[1, 2, 3], [1, 2, 3]]],
  ['an identifier', 'select 7 as ??', ['odd name']],
  ['an escaped question mark', "select '\\?' as q, ? as v", [3]],
  ['a raw fragment', 'select ? as r', [raw('1 + ?', [41])]],
  ['a buffer', 'select hex(?) as h', [Buffer.from([0, 1, 254])]],
];

for (const [name, sql, params] of cases) {
  it(`binds ${name} as rendering would have`, async () => {
    const connection = t.app.orm.em.getConnection();
    const platform = t.app.orm.em.getPlatform();
    const rendered = await connection.execute(platform.formatQuery(sql, params));
    const bound = bindParameters(platform, sql, params);
    expect(bound.sql.includes("'")).toBe(sql.includes("'"));
    expect(await connection.execute(sql, params)).toEqual(rendered);
  });
}
