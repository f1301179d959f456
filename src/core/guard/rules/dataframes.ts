/**
 * DataFrame and array writers: pandas, Dask, polars and xarray `to_*` /
 * `write_*` / `sink_*`, pyarrow `write_table` / `write_to_dataset` /
 * `write_dataset` / `ParquetWriter`, deltalake, numpy and joblib savers.
 */
import { UNKNOWN, Value, textOf } from '../values';
import { onFileSystem } from './filesystems';
import { CallSite, Rule } from './rule';

const WRITER =
  /^(to_(?!pandas$|numpy$|dict$|list$|frame$|datetime$|numeric$|timedelta$|arrow$|records$|pydict$|pylist$|batches$|table$|spark$|delayed$|dask_array$|series$|period$|timestamp$)\w+|write_\w+|sink_\w+|save|savez|savez_compressed|savetxt|savefig|tofile|dump|ParquetWriter|CSVWriter|RecordBatchFileWriter|new_file)$/;

/** Keyword names libraries use for the destination. */
const DESTINATIONS = [
  'path',
  'path_or_buf',
  'buf',
  'fname',
  'filename',
  'file',
  'excel_writer',
  'urlpath',
  'store',
  'uri',
  'table_uri',
  'table_or_uri',
  'target',
  'where',
  'root_path',
  'base_dir',
  'base_path',
  'destination',
  'dest',
  'sink',
  'output_file'
];

/** Receivers that other rules own (Spark writers, pyiceberg tables, boto3 objects). */
function ownedElsewhere(receiver: Value | null): boolean {
  return receiver?.kind === 'object';
}

function overwrites(site: CallSite): boolean {
  const mode = textOf(site.kwargs.get('mode') ?? site.kwargs.get('existing_data_behavior'))?.toLowerCase() ?? '';
  const overwrite = site.kwargs.get('overwrite');
  return mode === 'overwrite' || mode === 'delete_matching' || (overwrite?.kind === 'number' && overwrite.value === 1);
}

export const dataframeRule: Rule = {
  call(site, context) {
    if (!WRITER.test(site.method) || ownedElsewhere(site.receiver)) {
      return undefined;
    }
    const candidates = [...site.args, ...DESTINATIONS.map(name => site.kwargs.get(name)).filter((v): v is Value => !!v)];
    const effect = overwrites(site) ? 'delete' : 'write';
    for (const candidate of candidates) {
      const text = textOf(candidate);
      if (text !== null && candidate.kind !== 'number') {
        // `write_table(t, "bucket/key", filesystem=s3)`: the file system says which store.
        context.report({ operation: site.method, target: { kind: 'path', text: onFileSystem(text, site.kwargs.get('filesystem')) }, effect });
      }
    }
    return UNKNOWN;
  }
};
