/**
 * The Python behind the layout-safe Spark write: the table properties that keep every new file
 * under `<data root>/k=v/` and every row-level change copy-on-write, and a wrapper that runs one
 * write and then removes exactly what its commit left behind in the Hive tree. It builds on the
 * repair helpers (`helpers.ts`) and adds no second way to expire or to read the table.
 *
 * A copy-on-write commit replaces whole files; the replaced files stay on storage while an older
 * snapshot still lists them, and Dask reads them. Only expiring those snapshots lets Iceberg delete
 * them: the snapshots between the one that added a file and the one before the commit. A snapshot
 * a branch or tag points at is never expired, so the files it reads stay, and the wrapper says so.
 */

export const LAYOUT_COMMIT_HELPERS = String.raw`
# The data path (write.data.path) is left as it is: it is where Dask reads.
_DL_LAYOUT_PROPERTIES = {
    "write.delete.mode": "copy-on-write",
    "write.update.mode": "copy-on-write",
    "write.merge.mode": "copy-on-write",
    "write.object-storage.enabled": "false",
    "write.distribution-mode": "hash",
}


def _dl_layout_properties_missing(table):
    properties = _dl_java_table(table).properties()
    return {key: value for key, value in _DL_LAYOUT_PROPERTIES.items() if properties.get(key) != value}


def _dl_keep_layout_properties(table):
    """Set the properties that keep the Hive view valid (they change no rows, and apply to every writer)."""
    missing = _dl_layout_properties_missing(table)
    if missing:
        pairs = ", ".join(f"{_dl_sql_string(key)} = {_dl_sql_string(value)}" for key, value in missing.items())
        _dl_rows(f"ALTER TABLE {table.name} SET TBLPROPERTIES ({pairs})")
        print(f"{table.name}: set {', '.join(f'{key}={value}' for key, value in missing.items())}")
    else:
        print(f"{table.name}: its properties already keep the Hive layout")


def _dl_parent(java, snapshot_id):
    snapshot = java.snapshot(snapshot_id)
    return None if snapshot is None else snapshot.parentId()


def _dl_commit_keeping_layout(table, write):
    missing = _dl_layout_properties_missing(table)
    if missing:
        raise DualLayoutRepairStopped(
            f"{table.name}: {', '.join(missing)} changed since the layout properties were set; run that cell again before writing."
        )
    before = _dl_current_snapshot(table)
    result = _dl_with_sql_settings(write)
    created = _dl_snapshots_since(table, before)
    if not created:
        print(f"{table.name}: the write committed nothing")
        return result
    table.snapshot = created[0]
    ids = ", ".join(map(str, created))
    replaced = _dl_rows(
        f"SELECT DISTINCT snapshot_id, data_file.file_path AS path, data_file.file_size_in_bytes AS bytes "
        f"FROM {table.name}.all_entries WHERE status = 2 AND snapshot_id IN ({ids})"
    )
    if not replaced:
        print(f"{table.name}: committed snapshot(s) {ids}, which replaced no file: nothing to remove")
        return result
    deleted_by = {row.path: row.snapshot_id for row in replaced}
    sizes = {row.path: row.bytes for row in replaced}
    print(f"{table.name}: committed snapshot(s) {ids}, which replaced {len(deleted_by)} file(s)")
    listed = ", ".join(_dl_sql_string(path) for path in sorted(deleted_by))
    added_by = {
        row.path: row.snapshot_id
        for row in _dl_rows(f"SELECT DISTINCT data_file.file_path AS path, snapshot_id FROM {table.name}.all_entries WHERE status < 2 AND data_file.file_path IN ({listed})")
    }
    heads = {}
    for ref in _dl_rows(f"SELECT name, type, snapshot_id FROM {table.name}.refs"):
        heads.setdefault(ref.snapshot_id, []).append(f"{ref.type.lower()} {ref.name}")
    java = _dl_java_table(table)
    to_expire, removable, kept = set(), [], {}
    for path in sorted(deleted_by):
        # Every retained snapshot from the one before the commit back to the one that added the file still lists it.
        chain, snapshot_id = [], _dl_parent(java, deleted_by[path])
        while snapshot_id is not None and java.snapshot(snapshot_id) is not None and snapshot_id not in heads and snapshot_id != added_by.get(path):
            chain.append(snapshot_id)
            snapshot_id = _dl_parent(java, snapshot_id)
        if snapshot_id in heads:
            kept[path] = f"{' and '.join(heads[snapshot_id])} points at snapshot {snapshot_id}, which still reads it"
        elif snapshot_id is None:
            kept[path] = "the snapshot that added it is not an ancestor of this commit"
        else:
            # snapshot_id added the file, or it is already expired and so is everything before it.
            to_expire.update(chain + ([snapshot_id] if java.snapshot(snapshot_id) is not None else []))
            removable.append((path, sizes[path]))
    if to_expire:
        _dl_expire(table, sorted(to_expire), removable, dry_run=False)
    for path, reason in kept.items():
        print(f"  kept {path}: {reason}; Dask still reads it until that ref is gone")
    return result
`.trimEnd();
