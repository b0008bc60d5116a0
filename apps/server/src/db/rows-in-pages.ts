/**
 * The rows a sweep goes through, fetched a page at a time after the last row it was given (keyset paging),
 * until a page comes back short. A sweep thus goes past rows it leaves as they were (a letter that cannot go
 * now, one that cannot be filed) instead of meeting them again at the front of every page. Rows are fetched
 * only as the sweep asks for them; stopping early fetches no more.
 */
export async function* rowsInPages<Row, Cursor>(
  pageSize: number,
  page: (after: Cursor | null, limit: number) => Promise<readonly Row[]>,
  cursorOf: (row: Row) => Cursor,
): AsyncGenerator<Row> {
  let after: Cursor | null = null;
  for (;;) {
    const rows = await page(after, pageSize);
    for (const row of rows) {
      after = cursorOf(row);
      yield row;
    }
    if (rows.length < pageSize) return;
  }
}
