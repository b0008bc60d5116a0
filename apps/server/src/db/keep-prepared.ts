/**
 * Marks a statement that runs again and again with the same text: a hot query compiled once with its values
 * bound (db/prepared-query.ts), or one whose values are written into its text on purpose (one per agent,
 * say). SQLite keeps it compiled (sqlite-statement-cache.ts); PostgreSQL runs it as a named prepared
 * statement, parsed once per connection with its plan reused (postgres-named-statements.ts).
 */
export const KEEP_PREPARED = '/* kept */ ';
