/** The demo lakehouse the UI tests run against (demo/make_lakehouse.py). */
export const DEMO = {
  catalog: 'demo',
  namespace: 'survey',
  /** Dual-layout and consistent: Dask may read its directory. */
  consistentTable: 'observations',
  /** Overwritten calibrations left their old files in the Hive tree. */
  driftedTable: 'calibrations',
  tables: ['observations', 'stations', 'weather', 'calibrations', 'transients', 'legacy_readings']
};

export const SIDEBAR_ID = 'jp-DualLayout-sidebar';
export const SCREENSHOTS = 'screenshots';
