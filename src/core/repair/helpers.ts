/**
 * The Python helpers a repair script and the layout-safe write snippet share, defined once here.
 * They run where a SparkSession is bound to `spark`, take every table and file as data (never
 * pasted into code), and do nothing but what their names say: each changing helper first checks
 * that the table is still at the snapshot it expects and stops the run when it is not.
 *
 * What Iceberg 1.10 does, measured in Spark 3.5, and why the helpers are written as they are:
 * - `expire_snapshots(snapshot_ids => …)` alone also expires every unreferenced snapshot older
 *   than `history.expire.max-snapshot-age-ms` (5 days by default): `older_than` set before every
 *   snapshot keeps the call to exactly the ids given. A ref's own `max_reference_age_in_ms` or
 *   `max_snapshot_age_in_ms` would still apply, so the helper refuses to expire on such a table.
 * - It refuses a branch or tag head ("Still referenced by refs"), and deletes the data files,
 *   position-delete files and Puffin deletion-vector files no retained snapshot references.
 * - `rewrite_data_files` leaves the replaced files on storage (the previous snapshot still
 *   references them) and gives its new files the sequence number it started from, so a position
 *   delete committed just before stays live; `use-starting-sequence-number=false` makes such
 *   deletes dangling, and `remove-dangling-deletes` then drops them.
 */

/** Reading the table as it is now: its Spark names, Spark SQL run with names as data, snapshots, referenced files. */
const TABLE_ACCESS = String.raw`
import datetime


class DualLayoutRepairStopped(RuntimeError):
    """The table is not as the plan expects: nothing further was changed."""


class _DlTable:
    """A table by its Spark names (already quoted as Spark parses them), the snapshot the next change
    expects it to be at, and the totals of what was done to it."""

    def __init__(self, catalog, name, snapshot):
        self.catalog = catalog
        self.name = name
        self.snapshot = snapshot
        self.done = {"files rewritten": 0, "bytes rewritten": 0, "files added": 0, "files removed": 0, "bytes removed": 0, "snapshots expired": 0}
        self.refused = []
        # A dry run commits nothing, so a planned rewrite would have moved main past its current head.
        self.main_would_move = False
        # Snapshots this run's own rewrites committed before their last one (same rows), expired with the next expire step.
        self.superseded = []
        # What a dry run's expire steps would remove, so that its later steps report the table as it would be.
        self.would_expire = set()
        self.would_delete = set()


# A "$" or a backslash in a name, path or predicate is data: no variable substitution, standard string escapes.
_DL_SQL_CONF = {"spark.sql.variable.substitute": "false", "spark.sql.parser.escapedStringLiterals": "false"}


def _dl_with_sql_settings(run):
    """run() with _DL_SQL_CONF in force, and the session's own settings back afterwards."""
    saved = {key: spark.conf.get(key, None) for key in _DL_SQL_CONF}
    for key, value in _DL_SQL_CONF.items():
        spark.conf.set(key, value)
    try:
        return run()
    finally:
        for key, value in saved.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def _dl_rows(statement):
    return _dl_with_sql_settings(lambda: spark.sql(statement).collect())


def _dl_sql_string(text):
    """A Spark SQL string literal holding exactly text."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _dl_file_key(path):
    """One spelling per file: file:/x, file:///x and /x are one local file; s3a:// and s3:// one object."""
    for prefix in ("file://localhost/", "file:///", "file:/"):
        if path.startswith(prefix):
            return "/" + path[len(prefix):].lstrip("/")
    for scheme in ("s3a://", "s3n://"):
        if path.startswith(scheme):
            return "s3://" + path[len(scheme):]
    return path


def _dl_unique(files):
    """Each file once (a Puffin file holding several deletion vectors is listed once per vector)."""
    seen, unique = set(), []
    for path, nbytes in files:
        if _dl_file_key(path) not in seen:
            seen.add(_dl_file_key(path))
            unique.append((path, nbytes))
    return unique


def _dl_java_table(table):
    """The table as Iceberg's Java API sees it now: refreshed, since another writer may have committed."""
    if getattr(spark, "_jvm", None) is None:
        raise DualLayoutRepairStopped("This needs a classic SparkSession (py4j): Spark Connect cannot reach Iceberg's Java API.")
    util = spark._jvm.org.apache.iceberg.spark.Spark3Util
    loaded = _dl_with_sql_settings(lambda: util.loadIcebergTable(spark._jsparkSession, table.name))
    loaded.refresh()
    return loaded


def _dl_current_snapshot(table):
    current = _dl_java_table(table).currentSnapshot()
    return None if current is None else current.snapshotId()


def _dl_snapshots_since(table, since):
    """The snapshots main committed after since, newest first (walking back through parents)."""
    java = _dl_java_table(table)
    found = []
    snapshot = java.currentSnapshot()
    while snapshot is not None and snapshot.snapshotId() != since:
        found.append(snapshot.snapshotId())
        parent = snapshot.parentId()
        snapshot = None if parent is None else java.snapshot(parent)
    return found


def _dl_expect_snapshot(table):
    """Stop unless the table is still at the snapshot the plan (and its own steps so far) left it at."""
    current = _dl_current_snapshot(table)
    if current != table.snapshot:
        raise DualLayoutRepairStopped(
            f"{table.name} has moved on: its current snapshot is {current}, not {table.snapshot}. "
            "Nothing more was changed; re-run dual-layout repair for a plan of the table as it is now."
        )


def _dl_referenced_files(table):
    """Every file a retained snapshot, branch or tag reads: data and delete files (Puffin files too) and manifests."""
    _dl_java_table(table)
    rows = _dl_rows(f"SELECT file_path AS path FROM {table.name}.all_files")
    rows += _dl_rows(f"SELECT path FROM {table.name}.all_manifests")
    return {_dl_file_key(row.path) for row in rows}
`;

/** Expiring exactly the snapshots given: what a repair and a layout-keeping write both end with. */
const EXPIRE = String.raw`

def _dl_expire(table, snapshot_ids, files, dry_run):
    """Expire exactly snapshot_ids (time travel to them is lost); Iceberg then deletes the files no retained
    snapshot references. Never a branch or tag head."""
    files = _dl_unique(files)
    _dl_expect_snapshot(table)
    refs = _dl_rows(f"SELECT name, snapshot_id, max_reference_age_in_ms, max_snapshot_age_in_ms FROM {table.name}.refs")
    heads = {}
    for ref in refs:
        if not (dry_run and table.main_would_move and ref.name == "main"):
            heads.setdefault(ref.snapshot_id, []).append(ref.name)
    held = [f"{snapshot_id} ({', '.join(heads[snapshot_id])})" for snapshot_id in snapshot_ids if snapshot_id in heads]
    if held:
        raise DualLayoutRepairStopped(f"{table.name}: a branch or tag points at snapshot(s) {', '.join(held)}; nothing was expired.")
    aged = [ref.name for ref in refs if ref.max_reference_age_in_ms is not None or ref.max_snapshot_age_in_ms is not None]
    if aged:
        raise DualLayoutRepairStopped(
            f"{table.name}: ref(s) {', '.join(aged)} carry their own retention, which expire_snapshots would apply too; "
            "nothing was expired."
        )
    snapshots = _dl_rows(f"SELECT snapshot_id, committed_at FROM {table.name}.snapshots")
    present = {row.snapshot_id for row in snapshots}
    for snapshot_id in snapshot_ids:
        if snapshot_id not in present:
            print(f"  snapshot {snapshot_id} is already gone")
    todo = [snapshot_id for snapshot_id in snapshot_ids if snapshot_id in present]
    if table.superseded:
        print(f"  and snapshot(s) {', '.join(map(str, table.superseded))}, which this run's rewrite committed before dropping dangling deletes (same rows)")
        todo += table.superseded
        table.superseded = []
    if not todo:
        return
    if dry_run:
        print(f"  would expire snapshot(s) {', '.join(map(str, todo))}: time travel to them would be lost")
        if table.main_would_move:
            print("  and the snapshot the rewrite commits before dropping dangling deletes, if it drops any")
        io = _dl_java_table(table).io()
        for path, nbytes in files:
            if io.newInputFile(path).exists():
                print(f"  Iceberg would then delete {path} ({nbytes} bytes) unless a retained snapshot still reads it")
                table.would_delete.add(_dl_file_key(path))
                table.done["files removed"] += 1
                table.done["bytes removed"] += nbytes
        table.would_expire.update(todo)
        table.done["snapshots expired"] += len(todo)
        return
    io = _dl_java_table(table).io()
    existed = [(path, nbytes) for path, nbytes in files if io.newInputFile(path).exists()]
    # A day before every snapshot (whatever the time zones), so no snapshot is expired for its age.
    before_all = min(row.committed_at for row in snapshots) - datetime.timedelta(days=1)
    statement = (
        f"CALL {table.catalog}.system.expire_snapshots(table => {_dl_sql_string(table.name)}, "
        f"snapshot_ids => array({', '.join(map(str, todo))}), "
        f"older_than => TIMESTAMP {_dl_sql_string(before_all.strftime('%Y-%m-%d %H:%M:%S'))})"
    )
    print(f"  {statement}")
    result = _dl_rows(statement)[0].asDict()
    print("  " + ", ".join(f"{key} = {value}" for key, value in result.items()))
    print(f"  expired snapshot(s) {', '.join(map(str, todo))}: time travel to them is lost")
    left = {row.snapshot_id for row in _dl_rows(f"SELECT snapshot_id FROM {table.name}.snapshots")}
    others = sorted(present - left - set(todo))
    if others:
        print(f"  WARNING: Iceberg also expired snapshot(s) {', '.join(map(str, others))}")
    table.done["snapshots expired"] += len(present - left)
    for path, nbytes in existed:
        if io.newInputFile(path).exists():
            print(f"  kept {path}: a retained snapshot, branch or tag still reads it")
        else:
            print(f"  deleted {path} ({nbytes} bytes)")
            table.done["files removed"] += 1
            table.done["bytes removed"] += nbytes
`;

/** The steps only a repair plan takes, and its summary. */
const REPAIR_STEPS = String.raw`

def _dl_rewrite(table, where, files, dry_run):
    """Rewrite the live files where selects (the whole table when None) with their deletes applied, into the
    current schema, spec and data root; delete files left dangling leave the live set."""
    files = _dl_unique(files)
    _dl_expect_snapshot(table)
    scope = "the whole table" if where is None else f"where {where}"
    size = sum(nbytes for _, nbytes in files)
    if dry_run:
        live = {_dl_file_key(row.path) for row in _dl_rows(f"SELECT file_path AS path FROM {table.name}.files")}
        for path, nbytes in files:
            print(f"  would rewrite {path} ({nbytes} bytes){'' if _dl_file_key(path) in live else ', no longer live'}")
        print(f"  would rewrite {len(files)} file(s), {size} bytes, {scope}")
        table.done["files rewritten"] += len(files)
        table.done["bytes rewritten"] += size
        table.main_would_move = True
        return
    arguments = [f"table => {_dl_sql_string(table.name)}"]
    if where is not None:
        arguments.append(f"where => {_dl_sql_string(where)}")
    options = {"rewrite-all": "true", "remove-dangling-deletes": "true", "use-starting-sequence-number": "false"}
    pairs = ", ".join(f"{_dl_sql_string(key)}, {_dl_sql_string(value)}" for key, value in options.items())
    arguments.append(f"options => map({pairs})")
    statement = f"CALL {table.catalog}.system.rewrite_data_files({', '.join(arguments)})"
    print(f"  {statement}")
    result = _dl_rows(statement)[0].asDict()
    print(
        f"  rewrote {result['rewritten_data_files_count']} file(s), {result['rewritten_bytes_count']} bytes, "
        f"into {result['added_data_files_count']} file(s); {result.get('removed_delete_files_count', 0)} delete file(s) dropped"
    )
    table.done["files rewritten"] += result["rewritten_data_files_count"]
    table.done["bytes rewritten"] += result["rewritten_bytes_count"]
    table.done["files added"] += result["added_data_files_count"]
    # Dropping dangling deletes is a commit of its own: the rewrite's first snapshot still lists them.
    created = _dl_snapshots_since(table, table.snapshot)
    if created:
        table.snapshot = created[0]
        table.superseded += created[1:]


def _dl_remove_files(table, files, dry_run):
    """Delete exactly files through the table's FileIO, refusing each one a retained snapshot, branch or tag
    references (it stays, and is named)."""
    files = _dl_unique(files)
    _dl_expect_snapshot(table)
    referenced = _dl_referenced_files(table)
    io = _dl_java_table(table).io()
    for path, nbytes in files:
        key = _dl_file_key(path)
        if dry_run and key in table.would_delete:
            print(f"  {path}: the expiry above would already delete it")
        elif key in referenced and dry_run and table.would_expire:
            # Only the run itself can tell whether a snapshot it keeps still references the file: checked again then.
            print(f"  would remove {path} ({nbytes} bytes) unless a snapshot kept after the expiry above references it")
            table.done["files removed"] += 1
            table.done["bytes removed"] += nbytes
        elif key in referenced:
            print(f"  refused {path}: a retained snapshot, branch or tag still references it")
            table.refused.append(path)
        elif not io.newInputFile(path).exists():
            print(f"  already gone: {path}")
        else:
            if dry_run:
                print(f"  would remove {path} ({nbytes} bytes)")
            else:
                io.deleteFile(path)
                print(f"  removed {path} ({nbytes} bytes)")
            table.done["files removed"] += 1
            table.done["bytes removed"] += nbytes


def _dl_summary(table, dry_run):
    done = ", ".join(f"{key}: {value}" for key, value in table.done.items())
    print(f"{table.name}: {'dry run, nothing changed; would have ' if dry_run else ''}{done}")
    if table.refused:
        print(f"{table.name}: {len(table.refused)} file(s) refused and kept: a retained snapshot, branch or tag references them")
`;

/** What every script that changes a table through these helpers defines first. */
export const TABLE_HELPERS = `${TABLE_ACCESS.trim()}\n${EXPIRE}`.trimEnd();

/** What a repair script defines before its steps. */
export const REPAIR_HELPERS = `${TABLE_HELPERS}\n${REPAIR_STEPS}`.trimEnd();
