import { sql } from 'kysely';
import type { DbSelect } from '../database.js';
import { likePattern } from './sql-resource-store.js';

/** `column LIKE %text% ESCAPE '\'` on both dialects (the column holds lower-cased text). */
export function whereContains<Q extends DbSelect>(query: Q, column: string, text: string): Q {
  return query.where(sql<boolean>`${sql.ref(column)} LIKE ${likePattern(text)} ESCAPE '\\'`) as Q;
}
