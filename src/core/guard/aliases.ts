/** Names scientists use without importing them in the same cell. */
export const CONVENTIONAL_ALIASES: Record<string, string> = {
  pd: 'pandas',
  dd: 'dask.dataframe',
  pq: 'pyarrow.parquet',
  ds: 'pyarrow.dataset',
  pa: 'pyarrow',
  pc: 'pyarrow.compute',
  np: 'numpy',
  pl: 'polars',
  Path: 'pathlib.Path',
  UPath: 'upath.UPath',
  rmtree: 'shutil.rmtree',
  copytree: 'shutil.copytree',
  copyfile: 'shutil.copyfile',
  write_table: 'pyarrow.parquet.write_table',
  write_to_dataset: 'pyarrow.parquet.write_to_dataset',
  write_dataset: 'pyarrow.dataset.write_dataset',
  write_deltalake: 'deltalake.write_deltalake',
  load_catalog: 'pyiceberg.catalog.load_catalog'
};
