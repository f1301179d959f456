/**
 * The example filter an unfiltered read shows, commented out so the cell
 * reads the whole table until the user picks a partition. It is the predicate
 * the filter editor is prefilled with (`exampleWhere`), bound as a `--where`
 * predicate is, so each engine renders it with its `--where` code: the
 * commented line is the one that filter would use.
 */
import { examplePartitionPath } from '../layout/hivePath';
import { currentSchema, defaultSpec, resolvePartitionFields } from './partitioning';
import type { SnippetTable } from './profile';
import { bindWhere, exampleWhere, type BoundWhere } from './where';

/**
 * The predicate selecting the partition the helper knows exists; when it
 * knows none, or no field of it can be stated (a malformed directory value,
 * bucket numbers), one made up from the spec's typical values. `null` when no
 * partition field has a value a filter can state.
 */
export function exampleFilter(table: SnippetTable): BoundWhere | null {
  const fields = resolvePartitionFields(table);
  const known = table.examplePartitionPath === undefined ? null : exampleWhere(fields, table.examplePartitionPath);
  const text = known ?? exampleWhere(fields, examplePartitionPath(defaultSpec(table), currentSchema(table)));
  return text === null ? null : bindWhere(table, text);
}
