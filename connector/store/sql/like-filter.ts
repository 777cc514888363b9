import { sql, type SelectQueryBuilder } from 'kysely';
import { likePattern } from './sql-resource-store.js';

/** `column LIKE %text% ESCAPE '\'` on both dialects (the column holds lower-cased text). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function whereContains<Q extends SelectQueryBuilder<any, any, any>>(query: Q, column: string, text: string): Q {
  return query.where(sql<boolean>`${sql.ref(column)} LIKE ${likePattern(text)} ESCAPE '\\'`) as Q;
}
