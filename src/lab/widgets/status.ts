/**
 * What each table status means to a scientist, in words: badge labels and
 * tooltips shared by the sidebar and the details view.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CheckProgress, Verdict } from '../../core/api/wire';
import { changesRows } from '../model/findings';
import type { TableStatus } from '../tokens';
import { formatTime } from './elements';

/** "Published by X at T" for a verdict from the admin's verdict store; `null` for the helper's own. */
export function publishedNote(verdict: Verdict | null, trans: TranslationBundle): string | null {
  const published = verdict?.published;
  if (!published) {
    return null;
  }
  const at = Date.parse(published.producedAt);
  return trans.__('Published by %1 at %2', published.producedBy, Number.isNaN(at) ? published.producedAt : formatTime(at));
}

export function statusLabel(status: TableStatus, trans: TranslationBundle): string {
  switch (status) {
    case 'consistent':
      return trans.__('consistent');
    case 'drift':
      return trans.__('drift');
    case 'error':
      return trans.__('error');
    case 'checking':
      return trans.__('checking');
    case 'unchecked':
      return trans.__('unchecked');
  }
}

/** One or two sentences saying whether Dask may read the table's directory, and why. */
export function statusDescription(status: TableStatus, verdict: Verdict | null, progress: CheckProgress | null, trans: TranslationBundle): string {
  switch (status) {
    case 'consistent':
      return trans.__('Dask may read this table: reading its data root returns exactly the rows of the current snapshot.');
    case 'drift': {
      const changing = (verdict?.findings ?? []).filter(changesRows);
      const kinds = [...new Set(changing.map(f => f.kind))].join(', ');
      return trans._n(
        'The Hive view differs from Iceberg: %1 finding (%2). Reading the directory from Dask gives different rows; use the snapshot-pinned read.',
        'The Hive view differs from Iceberg: %1 findings (%2). Reading the directory from Dask gives different rows; use the snapshot-pinned read.',
        changing.length,
        kinds
      );
    }
    case 'error':
      return trans.__('The table could not be checked: %1', verdict?.error ?? trans.__('unknown error'));
    case 'checking':
      return progress && progress.total > 0
        ? trans.__('Comparing the Iceberg and Hive views: %1 of %2 done.', progress.done, progress.total)
        : trans.__('Comparing the Iceberg and Hive views…');
    case 'unchecked':
      return trans.__('Not checked yet: check the table before reading its directory from Dask.');
  }
}
