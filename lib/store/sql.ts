import { sql } from 'kysely';

/**
 * `column = any(ids)` for any number of ids, as one JSON parameter (no limit on parameters, the same on PGlite and
 * pg). The array is built once, before the scan, so the planner can use an index on the column.
 */
export const idIn = (column: string, ids: readonly string[]) =>
  sql<boolean>`${sql.ref(column)} = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`;
