/**
 * How Iceberg registers a table in a Hive-style catalog (the Hive Metastore, and AWS Glue, which
 * took the convention over): the table's `table_type` parameter says `ICEBERG` (in any case) and
 * its `metadata_location` parameter names the current metadata file. Both catalogs read a table
 * through these parameters, so the rule is written once.
 */

export const TABLE_TYPE = 'table_type';
export const METADATA_LOCATION = 'metadata_location';

/** Whether a table's parameters mark it as an Iceberg table; other tables of the catalog are skipped. */
export function isIcebergTable(parameters: Readonly<Record<string, unknown>>): boolean {
  const type = parameters[TABLE_TYPE];
  return typeof type === 'string' && type.toLowerCase() === 'iceberg';
}
