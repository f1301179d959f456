/** What a metadata file's location says about its table, by Iceberg's writers' convention. */

/**
 * `<location>/metadata/v3.metadata.json` → `<location>`, spelled as given: Iceberg's writers keep
 * metadata in the table's `metadata/` folder unless `write.metadata.path` moves it. Null when the
 * file is not in a `metadata/` folder, so the table's location cannot be told from it.
 */
export function tableLocationOfMetadataFile(metadataLocation: string): string | null {
  const match = /^(.+)\/metadata\/[^/]+$/.exec(metadataLocation);
  return match && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/*$/.test(match[1]) ? match[1] : null;
}

/** The folder holding a file: `s3://b/x/y.json` → `s3://b/x`. */
export function folderOfFile(location: string): string {
  const slash = location.lastIndexOf('/');
  return slash > 0 ? location.slice(0, slash) : location;
}
