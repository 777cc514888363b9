/** JSON columns are TEXT on SQLite and JSONB on PostgreSQL; both accept a JSON string on write. */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value);
}

/** pg parses JSONB for us; SQLite hands back the text. */
export function fromJsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
