/** The demo lakehouse the UI tests run against (demo/make_lakehouse.py). */
export const DEMO = {
  catalog: 'demo',
  namespace: 'survey',
  /** Dual-layout and consistent: Dask may read its directory. */
  consistentTable: 'observations',
  /** Overwritten calibrations left their old files in the Hive tree. */
  driftedTable: 'calibrations',
  /** Consistent, partitioned by day(measured_at): a plain Hive tree. */
  hiveTable: 'weather',
  /** Written with write.object-storage.enabled: hashed directories, not Hive. */
  objectStorageTable: { namespace: 'archive', name: 'legacy_readings' },
  tables: ['observations', 'stations', 'weather', 'calibrations', 'transients', 'legacy_readings']
};

export const SIDEBAR_ID = 'jp-DualLayout-sidebar';
export const SCREENSHOTS = 'screenshots';
