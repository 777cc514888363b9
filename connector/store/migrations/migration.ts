/** One forward-only schema step. Statements run in order inside one transaction. */
export interface Migration {
  version: number;
  name: string;
  sqlite: readonly string[];
  postgres: readonly string[];
}
