/**
 * The PySpark program `dual-layout check --engine spark` runs: Spark reads the
 * two sets the verifier compares, and nothing else. The live set is Iceberg's
 * `entries` metadata table of the checked snapshot (status existing or added);
 * the Hive view is Spark's own file listing of the data root (the `binaryFile`
 * source with only its `path` column, so no file is read; Spark lists large
 * trees in parallel on its executors). Both stream back to this process as
 * JSON lines, one file each; the helper's verifier computes the findings.
 *
 * The session is the Spark snippet's (`sparkSessionCode`): the admin's
 * `sparkProfile` (local, a cluster master, or Spark Connect) with the table's
 * catalog. Only DataFrame operations are used, so Spark Connect runs it too.
 *
 * Partition values leave Spark as Iceberg's human strings (what
 * `valueFromHumanString` parses), except timestamps, which leave as
 * microseconds since the epoch so no time zone or format is involved.
 *
 * On S3, Iceberg reads the entries through its S3FileIO with the catalog's
 * settings (the snippet's), and Spark lists through Hadoop's S3A filesystem
 * (`hadoop-aws` on the session's class path), which gets the same endpoint,
 * region, addressing and keys as `fs.s3a.*` options of that one read: Spark
 * copies a file source's options into the Hadoop configuration of its listing
 * and scan, so they reach the driver and the executors of this job only (also
 * through Spark Connect, whose clients cannot change the server's Hadoop
 * configuration) and Spark redacts the keys in plans and logs. As in the
 * snippet, the keys are read when the program runs, never written into it.
 */
import type { CatalogProfile, SparkProfile, StorageProfile } from '../../core/snippets';
import { importsOf, pyLiteral, type PyCode } from '../../core/snippets/emit';
import { secretReference } from '../../core/snippets/secretRefs';
import { sparkSessionCode } from '../../core/snippets/spark';
import { AWS_CREDENTIAL_ENV, vendedPropertiesLine } from '../../core/snippets/storage';

/** What the program writes per live entry (one JSON object a line). */
export interface SparkEntryLine {
  status: number;
  snapshot_id: string | null;
  sequence_number: string | null;
  file_sequence_number: string | null;
  content: number;
  file_path: string;
  file_format: string;
  spec_id: number;
  record_count: string;
  file_size_in_bytes: string;
  equality_ids?: number[] | null;
  sort_order_id?: number | null;
  referenced_data_file?: string | null;
  content_offset?: string | null;
  content_size_in_bytes?: string | null;
  /** Partition field name → its value as described above, `null` for a null value. */
  partition?: Record<string, string | null> | null;
}

/** What the program writes per listed file. */
export interface SparkListingLine {
  path: string;
}

const PROGRAM = String.raw`
import json
import sys

from pyspark.sql import functions as F
from pyspark.sql import types as T

request = json.loads(sys.argv[1])

# Metadata columns Iceberg's entries table has in every format version this program reads.
FILE_COLUMNS = ["content", "file_path", "file_format", "spec_id", "record_count", "file_size_in_bytes"]
OPTIONAL_FILE_COLUMNS = ["equality_ids", "sort_order_id", "referenced_data_file", "content_offset", "content_size_in_bytes"]
LONG_COLUMNS = {"record_count", "file_size_in_bytes", "content_offset", "content_size_in_bytes"}


def human(column, data_type):
    """A partition value as Iceberg's human string; timestamps as epoch microseconds."""
    if isinstance(data_type, (T.TimestampType, T.TimestampNTZType)):
        return F.unix_micros(column.cast("timestamp")).cast("string")
    if isinstance(data_type, T.BinaryType):
        return F.base64(column)
    return column.cast("string")


def write_lines(frame, path):
    with open(path, "w", encoding="utf-8") as out:
        for row in frame.select(F.to_json(F.struct(*frame.columns)).alias("line")).toLocalIterator():
            out.write(row.line + "\n")


# Epoch microseconds of timestamps without a zone are taken as UTC.
spark.conf.set("spark.sql.session.timeZone", "UTC")
entries = spark.read.table(request["table"] + ".entries")
if request["snapshot"] is not None:
    entries = spark.read.option("snapshot-id", request["snapshot"]).table(request["table"] + ".entries")
data_file = entries.schema["data_file"].dataType
columns = [F.col("status"), *(F.col(name).cast("string").alias(name) for name in ["snapshot_id", "sequence_number", "file_sequence_number"])]
for name in FILE_COLUMNS + [c for c in OPTIONAL_FILE_COLUMNS if c in data_file.fieldNames()]:
    value = F.col("data_file")[name]
    columns.append((value.cast("string") if name in LONG_COLUMNS else value).alias(name))
if "partition" in data_file.fieldNames() and data_file["partition"].dataType.fields:
    fields = data_file["partition"].dataType.fields
    columns.append(
        F.create_map(*[part for field in fields for part in (F.lit(field.name), human(F.col("data_file")["partition"][field.name], field.dataType))]).alias("partition")
    )
write_lines(entries.where(F.col("status") < 2).select(*columns), request["entries"])

try:
    listing = spark.read.format("binaryFile").options(**hadoop_options).option("recursiveFileLookup", "true").load(request["root"]).select("path")
    write_lines(listing, request["listing"])
except Exception as error:  # a table without any data file has no data root yet
    if "PATH_NOT_FOUND" not in str(error) and "Path does not exist" not in str(error):
        raise
    open(request["listing"], "w").close()
`;

/** The variable the program binds to the table's vended FileIO properties, when its catalog vends the S3 keys. */
const VENDED = 'vended_properties';

/**
 * Hadoop S3A settings for the listing, mirroring the catalog's S3FileIO properties
 * (`sparkStorageProperties`): the configured keys, else the AWS variables, as the job's client reads them.
 */
export function hadoopS3Options(storage: StorageProfile): Record<string, string | PyCode> {
  if (storage.kind !== 's3') {
    return {};
  }
  const options: Record<string, string | PyCode> = {};
  if (storage.endpoint) {
    options['fs.s3a.endpoint'] = storage.endpoint;
  }
  if (storage.region) {
    options['fs.s3a.endpoint.region'] = storage.region;
  }
  if (storage.pathStyleAccess) {
    options['fs.s3a.path.style.access'] = 'true';
  }
  const vended = storage.vended ? VENDED : undefined;
  const credentials = storage.credentials ?? {
    accessKeyId: { env: AWS_CREDENTIAL_ENV.accessKeyId },
    secretAccessKey: { env: AWS_CREDENTIAL_ENV.secretAccessKey },
    sessionToken: { env: AWS_CREDENTIAL_ENV.sessionToken }
  };
  options['fs.s3a.access.key'] = secretReference(credentials.accessKeyId, vended);
  options['fs.s3a.secret.key'] = secretReference(credentials.secretAccessKey, vended);
  if (credentials.sessionToken) {
    // S3A's default provider chain starts with the one that takes a session token with the keys.
    options['fs.s3a.session.token'] = secretReference(credentials.sessionToken, vended);
  }
  return options;
}

/** The program for one catalog's table; its request (table, snapshot, root, output files) comes as argv[1] JSON. */
export function sparkCheckProgram(catalog: CatalogProfile, profile: SparkProfile): string {
  const options = hadoopS3Options(catalog.storage);
  const vendedLoad = vendedPropertiesLine(catalog.storage, VENDED);
  const lines = [sparkSessionCode([catalog], profile), '', ...importsOf(options, vendedLoad)];
  if (vendedLoad) {
    lines.push(vendedLoad.code);
  }
  lines.push(
    "# Hadoop's S3A settings for the listing's one read (Spark redacts the keys in its plans and logs).",
    `hadoop_options = ${pyLiteral(options)}`,
    'hadoop_options = {key: value for key, value in hadoop_options.items() if value is not None}'
  );
  return `${lines.join('\n')}\n${PROGRAM}`;
}
