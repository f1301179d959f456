/**
 * Dask snippets: the Hive view of a table (`read`), exactly one snapshot's
 * live files (`pinned`), and a join that pairs two tables' partitions.
 */
import { formatIdentifier, type SnapshotId } from '../iceberg/model';
import { exampleFilter } from './exampleFilter';
import { renamedColumns } from './fileColumns';
import { alignPartitioning, hiveColumns, resolvePartitionFields } from './partitioning';
import { importsOf, pyComment, pyLiteral, pyString, type PyCode } from './emit';
import { tableNames, type TableNames } from './names';
import { DaskProfile, SnippetError, SnippetTable } from './profile';
import { daskRowFilters, directoryTests, filterImports, pyicebergRowFilter } from './filterCode';
import type { BoundWhere } from './where';
import { daskStorageOptions, pyicebergIoProperties, pythonPath, vendedPropertiesLine } from './storage';
import { daskColumnNames } from './columns';

/**
 * Arrow to pandas the way `dd.read_parquet` converts, so a pinned or joined
 * frame has the same dtypes as the Hive read: pandas strings, and dates,
 * decimals and nested values kept as Arrow types instead of Python objects
 * (which Dask would otherwise turn into strings).
 */
const ARROW_TO_PANDAS = [
  'def arrow_to_pandas(table):',
  '    """Arrow to pandas as dd.read_parquet converts: dates stay dates, strings are pandas strings."""',
  '',
  '    def dtype(arrow_type):',
  '        if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):',
  '            return pd.StringDtype("pyarrow")',
  '        if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type) or pa.types.is_boolean(arrow_type):',
  '            return None',
  '        if pa.types.is_timestamp(arrow_type):',
  '            return None',
  '        return pd.ArrowDtype(arrow_type)',
  '',
  '    return table.to_pandas(types_mapper=dtype)'
];

const READ_ONLY = "Read-only: write through Iceberg (Spark or pyiceberg), never with Dask's to_parquet, or Iceberg will not see it.";

/** Connects to the admin's scheduler or Dask Gateway, unless the kernel already has a client. */
export function daskClientCode(profile?: DaskProfile): { imports: string[]; body: string[] } {
  if (profile?.scheduler) {
    return {
      imports: ['from distributed import Client'],
      body: [
        'try:',
        '    client = Client.current()  # the kernel already has one',
        'except ValueError:',
        `    client = Client(${pyString(profile.scheduler)})`,
        ''
      ]
    };
  }
  if (profile?.gateway) {
    // A new cluster starts without workers, so a computation would wait forever: it adapts. A joined cluster keeps its owner's scaling.
    const cluster = profile.gateway.cluster
      ? [`    cluster = gateway.connect(${pyString(profile.gateway.cluster)})`]
      : [
          '    cluster = gateway.new_cluster()  # shut down when the kernel stops',
          "    cluster.adapt()  # workers while there is work, within the gateway's limits"
        ];
    return {
      imports: ['from distributed import Client'],
      body: [
        'try:',
        '    client = Client.current()  # the kernel already has one',
        'except ValueError:',
        '    from dask_gateway import Gateway',
        '',
        "    # Authenticates as the kernel's Dask configuration says (gateway.auth, e.g. JupyterHub's token).",
        `    gateway = Gateway(${pyString(profile.gateway.address)})`,
        ...cluster,
        '    client = cluster.get_client()',
        ''
      ]
    };
  }
  return { imports: [], body: [] };
}

function credentialsComment(table: SnippetTable): string {
  if (table.catalog.storage.vended) {
    return pyComment`S3 credentials are the ones catalog ${pyString(table.catalog.name)} vends for this table, loaded at run time through the kernel's pyiceberg.`;
  }
  return table.catalog.storage.credentials
    ? pyComment`S3 keys are read at run time from the kernel's configuration of catalog ${pyString(table.catalog.name)}.`
    : pyComment`S3 credentials come from the kernel's environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_PROFILE).`;
}

/** `storage_options` for the table's files (after the one load of its vended keys), with the imports they need. */
function storageOptionsLines(table: SnippetTable, names: TableNames): { lines: string[]; imports: string[] } {
  const options = daskStorageOptions(table.catalog.storage, names.vended);
  if (!options) {
    return { lines: [], imports: [] };
  }
  const load = vendedPropertiesLine(table.catalog.storage, names.vended);
  return { lines: [credentialsComment(table), ...codeLines(load), `storage_options = ${pyLiteral(options)}`], imports: importsOf(options, load) };
}

function codeLines(code: PyCode | null): string[] {
  return code ? [code.code] : [];
}

/** Python that walks the data root and keeps the files of the partitions a filter selects. */
const SELECTED_FILES = [
  'def selected_files(root, tests, storage_options):',
  '    """The Parquet files under the Hive directories whose values pass their partition field\'s test."""',
  '    fs, path = fsspec.core.url_to_fs(root, **storage_options)',
  '    path = path.rstrip("/")',
  '    pending, files = [(path, frozenset())], []',
  '    while pending:',
  '        directory, tested = pending.pop()',
  '        if tested >= tests.keys():  # nothing below is tested: one recursive listing',
  '            files += [file for file in fs.find(directory) if parquet_file(file[len(directory) :])]',
  '            continue',
  '        for entry in fs.ls(directory, detail=True):',
  '            name = entry["name"].rstrip("/").rsplit("/", 1)[-1]',
  '            if entry["type"] != "directory":',
  '                if parquet_file("/" + name):',
  '                    files.append(entry["name"])',
  '                continue',
  '            key, equals, raw = name.partition("=")',
  '            key = unquote_plus(key)',
  '            if name.startswith((".", "_")) or (key in tests and equals and not keeps(tests[key], unquote_plus(raw))):',
  '                continue',
  '            pending.append((entry["name"], tested | {key} if key in tests else tested))',
  '    if not files:  # none selected: one file gives the columns, and the filter keeps none of its rows',
  '        files = [file for file in fs.find(path) if parquet_file(file[len(path) :])][:1]',
  '    return fs, path, sorted(files)',
  '',
  '',
  'def parquet_file(relative):',
  '    """A data file Dask reads: a .parquet file under no hidden (. or _) directory."""',
  '    return relative.endswith(".parquet") and "/." not in relative and "/_" not in relative',
  '',
  '',
  'def keeps(test, raw):',
  '    parse, check = test',
  '    if raw in ("null", "__HIVE_DEFAULT_PARTITION__"):',
  '        return check(None)',
  '    try:',
  '        return check(parse(raw))',
  '    except (ValueError, ArithmeticError):  # decimal.Decimal signals malformed text and NaN comparisons as ArithmeticError',
  '        return True  # not a value of this field: kept, the rows filter decides'
];

interface PartitionSelection {
  where: BoundWhere;
  /** Names the code binds: the filesystem, the data root's path on it and the selected files. */
  fs: string;
  root: string;
  files: string;
  code: string[];
}

/**
 * The code that lists the table's partitions when the cell runs and keeps
 * the directories the filter selects. Tested per listed directory rather than
 * fixed at generation time, so a partition written later is read too.
 */
function partitionSelection(table: SnippetTable, variable: string, where: BoundWhere): PartitionSelection {
  const names = tableNames(variable);
  const root = names.root;
  const tests = directoryTests(where);
  const options = daskStorageOptions(table.catalog.storage, names.vended) ? 'storage_options' : '{}';
  return {
    where,
    fs: names.fs,
    root,
    files: names.files,
    code: [
      pyComment`Per partition field, a test of its Hive directory values (v is None for a null partition),
derived from the filter through the field's transform. Directories are listed and tested when the cell
runs, so partitions written after it was generated are selected too.`,
      tests.length
        ? ['partition_tests = {', ...tests.map(t => `    ${pyString(t.key)}: (${t.parse}, lambda v: ${t.condition}),`), '}'].join('\n')
        : 'partition_tests = {}  # no partition field of the filter can skip directories: the rows filter does it all',
      '',
      '',
      ...SELECTED_FILES,
      '',
      '',
      `${names.fs}, ${root}, ${names.files} = selected_files(${pyString(pythonPath(table.dataRoot))}, partition_tests, ${options})`
    ]
  };
}

export function daskReadSnippet(table: SnippetTable, variable: string, profile?: DaskProfile, where?: BoundWhere, columns?: string[]): string {
  const hiveKeys = hiveColumns(table);
  const partitionFields = resolvePartitionFields(table);
  const inFiles = partitionFields.filter(f => f.field.transform === 'identity' && (table.identityColumnsInFiles ?? true)).map(f => f.source.name);
  const example = where ? null : exampleFilter(table);
  const selection = where ? partitionSelection(table, variable, where) : null;
  const storage = storageOptionsLines(table, tableNames(variable));
  const client = daskClientCode(profile);
  const imports = ['import dask.dataframe as dd', ...client.imports, ...storage.imports];
  if (hiveKeys.length) {
    imports.push('import pyarrow as pa', 'import pyarrow.dataset as pa_ds');
  }
  // The commented example's literals too: uncommented, it runs as it stands.
  const rowsWhere = where ?? example;
  const needed = [...(rowsWhere ? filterImports(rowsWhere) : []), ...(selection?.code.join('\n').includes('datetime.') ? ['import datetime'] : [])];
  imports.unshift(...new Set(needed.filter(line => !imports.includes(line))));
  if (selection) {
    imports.push('import fsspec', 'from urllib.parse import unquote_plus');
  }
  const args: string[] = selection ? [`${selection.files} or ${selection.root}`, `filesystem=${selection.fs},`] : [pyString(pythonPath(table.dataRoot))];
  if (columns) {
    args.push(`columns=${pyLiteral(daskColumnNames(table, columns))},  # only these columns are read from the files`);
  }
  if (inFiles.length) {
    args.push(pyComment`${inFiles.join(', ')} ${inFiles.length === 1 ? 'is' : 'are'} stored inside the files: read from there, not from directory names.`);
  }
  if (hiveKeys.length) {
    const schema = hiveKeys.map(c => `(${pyString(c.name)}, ${c.arrowType})`).join(', ');
    args.push(pyComment`Hive directory keys the partition transforms add, with their types; Iceberg writes a null value as "null".`);
    const base = selection ? `, "partition_base_dir": ${selection.root}` : '';
    args.push(`dataset={"partitioning": pa_ds.HivePartitioning(pa.schema([${schema}]), null_fallback="null")${base}},`);
  } else {
    args.push('dataset={"partitioning": None},');
  }
  if (example) {
    args.push(pyComment`Example: only the rows where ${example.text}; the filter editor or --where also skips the other partitions.`);
    args.push(pyComment`filters=${daskRowFilters(table, example)},`);
  }
  if (selection) {
    args.push(pyComment`The rows the filter selects, exactly: directories only narrow down the files.`);
    args.push(`filters=${daskRowFilters(table, selection.where)},`);
  } else if (storage.lines.length) {
    args.push('storage_options=storage_options,');
  }
  const [path, ...rest] = args;
  return [
    selection
      ? pyComment`Dask: ${formatIdentifier(table.id)} where ${selection.where.text}: only the Hive partitions it selects are opened.
${READ_ONLY}`
      : pyComment`Dask: ${formatIdentifier(table.id)} read as Hive partitions under its data root.
${READ_ONLY}`,
    ...imports,
    '',
    ...client.body,
    ...(storage.lines.length ? [...storage.lines, ''] : []),
    ...(selection ? [...selection.code, ''] : []),
    `${variable} = dd.read_parquet(`,
    ...(selection ? [`    ${pyComment`An empty table has no file to read: the root, as the unfiltered read does.`}`] : []),
    `    ${path},`,
    ...rest.map(a => `    ${a}`),
    ')',
    ...renameLines(table, variable)
  ].join('\n');
}

/** Back to the table's column names where the files store escaped ones. */
function renameLines(table: SnippetTable, variable: string): string[] {
  const renamed = renamedColumns(table);
  if (Object.keys(renamed).length === 0) {
    return [];
  }
  return [
    pyComment`Iceberg writers store columns whose names are not Avro names under escaped ones: back to the table's names.`,
    `${variable} = ${variable}.rename(columns=${pyLiteral(renamed)})`
  ];
}

/** `.rename(columns=…)` for a pandas frame read from a table's files, or nothing when every name is kept. */
function renameCall(table: SnippetTable, indent: string): string {
  const renamed = renamedColumns(table);
  return Object.keys(renamed).length ? `.rename(columns=${pyLiteral(renamed, indent)})` : '';
}

/**
 * The Python expression for the snapshot to read: the current snapshot is
 * taken from the pinned metadata file itself, a chosen one is written exactly.
 */
function snapshotToPin(table: SnippetTable, names: TableNames, snapshotId?: SnapshotId | string): { expression: string; description: string } {
  const name = formatIdentifier(table.id);
  const current = table.metadata.currentSnapshotId;
  const digits = snapshotId === undefined ? undefined : String(snapshotId);
  if (digits !== undefined && !/^-?\d+$/.test(digits)) {
    throw new SnippetError(`${name}: '${digits}' is not a snapshot id.`, name);
  }
  const chosen = digits === undefined ? undefined : BigInt(digits);
  if (chosen === undefined || chosen === current) {
    if (current === undefined || current === null || current === -1n) {
      throw new SnippetError(`${name} has no snapshot yet: there is nothing to pin.`, name);
    }
    return { expression: `${names.table}.metadata.current_snapshot_id`, description: 'the current snapshot of the metadata file read below' };
  }
  if (!table.metadata.snapshots.some(s => s.snapshotId === chosen)) {
    throw new SnippetError(`${name} has no snapshot ${digits} in its current metadata.`, name);
  }
  return { expression: chosen.toString(), description: `snapshot ${chosen}, chosen in the table browser` };
}

export function daskPinnedSnippet(
  table: SnippetTable,
  names: TableNames,
  snapshotId?: SnapshotId | string,
  profile?: DaskProfile,
  where?: BoundWhere,
  columns?: string[]
): string {
  const snapshot = snapshotToPin(table, names, snapshotId);
  const rowFilter = where ? pyicebergRowFilter(where) : null;
  const io = pyicebergIoProperties(table.catalog.storage, names.vended);
  const vendedLoad = vendedPropertiesLine(table.catalog.storage, names.vended);
  const { frame, reader } = names;
  const client = daskClientCode(profile);
  return [
    pyComment`Dask, pinned to one snapshot of ${formatIdentifier(table.id)}: ${snapshot.description}.
Reads exactly the data files that snapshot lists in Iceberg metadata, with delete files applied and
partition columns restored from the partition tuples, so leftover files in the Hive tree are never read.
Needs pyiceberg in the kernel. ${READ_ONLY}`,
    'import dask.dataframe as dd',
    'import pandas as pd',
    'import pyarrow as pa',
    'from pyiceberg.io.pyarrow import ArrowScan',
    ...(rowFilter?.imports ?? []),
    'from pyiceberg.table import StaticTable',
    ...client.imports,
    ...importsOf(io, vendedLoad),
    '',
    ...client.body,
    ...(io ? [credentialsComment(table), ...codeLines(vendedLoad)] : []),
    `${names.table} = StaticTable.from_metadata(`,
    `    ${pyString(table.metadataLocation)},`,
    ...(io ? [`    properties=${pyLiteral(io, '    ')},`] : []),
    ')',
    ...(rowFilter || columns
      ? [
          ...(rowFilter ? [pyComment`Iceberg plans only the files whose partitions and column statistics can hold rows where ${where!.text}.`] : []),
          ...(columns ? [pyComment`Only the selected columns are read from the files.`] : []),
          `${names.scan} = ${names.table}.scan(`,
          `    snapshot_id=${snapshot.expression},`,
          ...(rowFilter ? [`    row_filter=${rowFilter.expression},`] : []),
          ...(columns ? [`    selected_fields=(${columns.map(pyString).join(', ')},),`] : []),
          ')'
        ]
      : [`${names.scan} = ${names.table}.scan(snapshot_id=${snapshot.expression})`]),
    `${names.files} = list(${names.scan}.plan_files())  # one task per live data file`,
    '',
    '',
    ...ARROW_TO_PANDAS,
    '',
    '',
    `def ${reader}(task):`,
    `    scan = ArrowScan(${names.table}.metadata, ${names.table}.io, ${names.scan}.projection(), ${names.scan}.row_filter)`,
    '    return arrow_to_pandas(scan.to_table([task] if task is not None else []))',
    '',
    '',
    '# None stands for "no files": an empty snapshot still gives a DataFrame with the table\'s columns.',
    `${frame} = dd.from_map(${reader}, ${names.files} or [None], meta=${reader}(None))`
  ].join('\n');
}

export function daskJoinSnippet(
  left: SnippetTable,
  right: SnippetTable,
  names: { left: TableNames; right: TableNames; joined: string },
  profile?: DaskProfile
): string {
  const alignment = alignPartitioning(left, right);
  const { left: leftNames, right: rightNames } = names;
  for (const table of [left, right]) {
    if (table.identityColumnsInFiles === false) {
      const name = formatIdentifier(table.id);
      throw new SnippetError(`${name} does not store its partition columns inside its files; the partition-aligned Dask join needs them there.`, name);
    }
  }
  const client = daskClientCode(profile);
  const sameStorage = JSON.stringify(left.catalog.storage) === JSON.stringify(right.catalog.storage);
  const leftOptions = daskStorageOptions(left.catalog.storage, leftNames.vended);
  const rightOptions = daskStorageOptions(right.catalog.storage, rightNames.vended);
  // The same storage reads the left table's keys only: the right's are never loaded.
  const vendedLoads = [
    vendedPropertiesLine(left.catalog.storage, leftNames.vended),
    sameStorage ? null : vendedPropertiesLine(right.catalog.storage, rightNames.vended)
  ].filter((load): load is PyCode => load !== null);
  const optionLines: string[] = [];
  let leftOptionsName = '{}';
  let rightOptionsName = '{}';
  if (leftOptions || rightOptions) {
    optionLines.push(credentialsComment(leftOptions ? left : right), ...vendedLoads.map(load => load.code));
    if (sameStorage) {
      optionLines.push(`storage_options = ${pyLiteral(leftOptions)}`);
      leftOptionsName = rightOptionsName = 'storage_options';
    } else {
      optionLines.push(`${leftNames.storageOptions} = ${pyLiteral(leftOptions ?? {})}`, `${rightNames.storageOptions} = ${pyLiteral(rightOptions ?? {})}`);
      leftOptionsName = leftNames.storageOptions;
      rightOptionsName = rightNames.storageOptions;
    }
  }
  const sameKeys = alignment.leftKeys.every((k, i) => k === alignment.rightKeys[i]);
  const merge = sameKeys ? `on=${pyLiteral(alignment.leftKeys)}` : `left_on=${pyLiteral(alignment.leftKeys)}, right_on=${pyLiteral(alignment.rightKeys)}`;
  return [
    pyComment`Dask: ${formatIdentifier(left.id)} joined with ${formatIdentifier(right.id)} partition by partition.
Both tables have the same partitioning, so matching rows sit in matching Hive directories: each pair of
directories is joined on its own and nothing is shuffled between workers (unlike dd.merge).
${READ_ONLY}`,
    'import dask.dataframe as dd',
    'import fsspec',
    'import pandas as pd',
    'import pyarrow as pa',
    'import pyarrow.parquet as pq',
    'from urllib.parse import unquote_plus',
    ...client.imports,
    ...importsOf(leftOptions, rightOptions, vendedLoads),
    '',
    ...client.body,
    ...(optionLines.length ? [...optionLines, ''] : []),
    '',
    'def hive_partitions(root, keys, storage_options):',
    '    """The Parquet files under a data root, grouped by their Hive partition values."""',
    '    fs, path = fsspec.core.url_to_fs(root, **storage_options)',
    '    path = path.rstrip("/")',
    '    groups = {}',
    '    for file in fs.find(path):',
    '        relative = file[len(path) + 1 :].split("/")',
    '        if not file.endswith(".parquet") or any(part.startswith((".", "_")) for part in relative):',
    '            continue',
    '        values = dict(map(unquote_plus, part.split("=", 1)) for part in relative[:-1] if "=" in part)',
    '        groups.setdefault(tuple(values.get(key) for key in keys), []).append(file)',
    '    return fs, groups',
    '',
    '',
    `${leftNames.fs}, ${leftNames.partitions} = hive_partitions(${pyString(pythonPath(left.dataRoot))}, ${pyLiteral(alignment.leftPartitionKeys)}, ${leftOptionsName})`,
    `${rightNames.fs}, ${rightNames.partitions} = hive_partitions(${pyString(pythonPath(right.dataRoot))}, ${pyLiteral(alignment.rightPartitionKeys)}, ${rightOptionsName})`,
    `pairs = [(${leftNames.partitions}[key], ${rightNames.partitions}[key]) for key in sorted(${leftNames.partitions}.keys() & ${rightNames.partitions}.keys(), key=str)]`,
    'if not pairs:',
    `    raise ValueError(${pyString(`${formatIdentifier(left.id)} and ${formatIdentifier(right.id)} share no partition values: the inner join is empty`)})`,
    '',
    '',
    ...ARROW_TO_PANDAS,
    '',
    '',
    'def join_partition(files):',
    `    ${leftNames.files}, ${rightNames.files} = files`,
    `    left = arrow_to_pandas(pq.read_table(${leftNames.files}, filesystem=${leftNames.fs}, partitioning=None))${renameCall(left, '    ')}`,
    `    right = arrow_to_pandas(pq.read_table(${rightNames.files}, filesystem=${rightNames.fs}, partitioning=None))${renameCall(right, '    ')}`,
    `    return left.merge(right, ${merge}, how="inner", suffixes=("", ${pyString(`_${rightNames.frame}`)}))`,
    '',
    '',
    `${names.joined} = dd.from_map(join_partition, pairs)  # one task per shared partition, no shuffle`
  ].join('\n');
}
