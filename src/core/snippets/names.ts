/**
 * The Python names a snippet binds for its tables. A table's variable is a
 * readable identifier made from the table's name (`emit.pythonIdentifier`),
 * and neither it nor the companions derived from it (`obs_table`,
 * `read_obs_file`, …) may rebind a name the snippet's own code uses: a table
 * called `hive` must not turn the join's `hive_partitions` helper into a dict.
 */
import type { SnippetTable } from './profile';
import { pythonIdentifier } from './emit';

/**
 * Every name the snippets' fixed code binds, imports, calls or uses as a
 * local, plus the builtins it relies on. A test parses every variant and
 * checks that this list is complete.
 */
export const SNIPPET_NAMES: ReadonlySet<string> = new Set([
  // modules and imported names
  'os',
  'pyspark',
  'SparkSession',
  'Config',
  'dd',
  'pa',
  'pa_ds',
  'pd',
  'pq',
  'fsspec',
  'datetime',
  'unquote_plus',
  'urllib',
  'Client',
  'Gateway',
  'StaticTable',
  'load_catalog',
  'ArrowScan',
  // bound by the snippets
  'spark',
  'catalog_conf',
  'spark_minor',
  'scala',
  'client',
  'gateway',
  'cluster',
  'storage_options',
  'arrow_to_pandas',
  'hive_partitions',
  'join_partition',
  'pairs',
  'key',
  'value',
  'substitute',
  'commit_keeping_layout',
  'new_rows',
  'partition_tests',
  'selected_files',
  'keeps',
  'parquet_file',
  'decimal',
  'And',
  'EqualTo',
  'NotEqualTo',
  'LessThan',
  'LessThanOrEqual',
  'GreaterThan',
  'GreaterThanOrEqual',
  'In',
  'IsNull',
  'NotNull',
  // parameters and locals of the snippets' functions
  'table',
  'dtype',
  'arrow_type',
  'task',
  'scan',
  'root',
  'keys',
  'fs',
  'path',
  'groups',
  'file',
  'relative',
  'part',
  'values',
  'files',
  'left',
  'right',
  'pending',
  'directory',
  'tested',
  'entry',
  'name',
  'equals',
  'raw',
  'test',
  'tests',
  'parse',
  'check',
  'v',
  // builtins
  'print',
  'list',
  'dict',
  'str',
  'len',
  'id',
  'input',
  'object',
  'filter',
  'map',
  'max',
  'min',
  'sum',
  'set',
  'type',
  'any',
  'tuple',
  'sorted',
  'float',
  'ValueError',
  'ArithmeticError',
  'int',
  'frozenset'
]);

/** The names the snippets derive from a table's variable. */
export interface TableNames {
  /** The DataFrame. */
  frame: string;
  /** Pinned read: the pyiceberg table, its scan, its planned files and the per-file reader. */
  table: string;
  scan: string;
  files: string;
  reader: string;
  /** Join: the table's filesystem, its partitions, and its storage options when they differ from the other table's. */
  fs: string;
  partitions: string;
  storageOptions: string;
  /** Filtered read: the data root's path on the table's filesystem. */
  root: string;
  /** A catalog that vends the table's keys: the FileIO properties of the table as the kernel loads it. */
  vended: string;
}

export function tableNames(frame: string): TableNames {
  return {
    frame,
    table: `${frame}_table`,
    scan: `${frame}_scan`,
    files: `${frame}_files`,
    reader: `read_${frame}_file`,
    fs: `${frame}_fs`,
    partitions: `${frame}_partitions`,
    storageOptions: `${frame}_storage_options`,
    root: `${frame}_root`,
    vended: `${frame}_vended`
  };
}

function allNames(names: TableNames): string[] {
  return Object.values(names);
}

function clashes(frame: string, used: ReadonlySet<string>): boolean {
  return allNames(tableNames(frame)).some(name => used.has(name));
}

/** Variables for the tables a snippet reads, in order: distinct from each other and from the snippet's own names. */
export function tableVariables(tables: readonly SnippetTable[]): TableNames[] {
  const others = new Set<string>();
  return tables.map(table => {
    const frame = pythonIdentifier(table.id.name, {
      reserved: candidate => clashes(candidate, SNIPPET_NAMES),
      taken: candidate => clashes(candidate, others)
    });
    const names = tableNames(frame);
    allNames(names).forEach(name => others.add(name));
    return names;
  });
}

/** Names for a join's inputs and its result, none of them shadowing another or the snippet's own. */
export function joinNames(left: SnippetTable, right: SnippetTable): { left: TableNames; right: TableNames; joined: string } {
  const [leftNames, rightNames] = tableVariables([left, right]);
  const used = new Set([...allNames(leftNames), ...allNames(rightNames)]);
  const joined = pythonIdentifier(`${leftNames.frame}_${rightNames.frame}`, {
    reserved: candidate => SNIPPET_NAMES.has(candidate),
    taken: candidate => used.has(candidate)
  });
  return { left: leftNames, right: rightNames, joined };
}
