/** What a verdict's findings mean for the rows a scientist reads. Pure. */
import type { Finding } from '../../core/api/wire';

/**
 * Whether a finding makes Dask's rows differ from Iceberg's (or makes Dask raise). Verdicts
 * published by a helper that predates `changesRows` lack it; for them only `extra-column` was
 * informational.
 */
export function changesRows(finding: Finding): boolean {
  return finding.changesRows ?? finding.kind !== 'extra-column';
}
