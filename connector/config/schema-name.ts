/**
 * Why PostgreSQL would not read `name` as the schema Kontor means, or undefined when it would. The schema is
 * named unquoted in the connection's search_path, where PostgreSQL folds it to lower case and cuts it at 63
 * bytes; names starting with pg_ are reserved. So only names that read back unchanged are accepted (an upper-case
 * name would create one schema and then look for another).
 */
export function schemaNameProblem(name: string): string | undefined {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return 'PostgreSQL folds unquoted names to lower case: use only a-z, 0-9 and _, not starting with a digit';
  if (name.length > 63) return 'PostgreSQL cuts names at 63 characters';
  if (name.startsWith('pg_')) return 'names starting with pg_ are reserved by PostgreSQL';
  return undefined;
}
