import * as fs from 'fs';
import * as path from 'path';
import type { Finding, FindingCause, FindingKind, Verdict } from '../../../core/api/wire';
import type { ManifestEntry, TableMetadata } from '../../../core/iceberg/model';
import { planFiles } from '../../metadata/planFiles';
import { readTableMetadata } from '../../metadata/reader';
import { FIXTURES, FixtureStorage } from '../../metadata/__tests__/fixtureStorage';
import type { LiveFilePlanner } from '../../verifier/verifier';
import { compareViews } from './compareViews';
import { buildViews } from '../../verifier/views';
import { entry, footer, ROOT, STANDARD_COLUMNS, table } from '../../verifier/__tests__/tables';
import { decideRepair } from '../decide';

/** pyiceberg_v2's real metadata (spec region/day/bucket[8]/truncate[3]: rewrites cover the whole table). */
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pyiceberg_v2', 'expected.json'), 'utf8'));
const storage = new FixtureStorage();
const planner: LiveFilePlanner = async (metadata, snapshotId) => {
  const plan = await planFiles(storage, metadata, { snapshotId });
  return [...plan.dataFiles, ...plan.deleteFiles];
};
let metadata: TableMetadata;
let live: ManifestEntry[];
let root: string;

beforeAll(async () => {
  metadata = await readTableMetadata(storage, expected.metadataLocation);
  live = await planner(metadata, metadata.currentSnapshotId!, {});
  root = `${metadata.location}/data`;
});

type Outcome = string[] | 'unrepairable' | 'nothing';

/** One row-changing finding of each cause, on a live file (`live`), an orphan (`orphan`) or the data root (`root`). */
const CASES: [FindingCause, FindingKind, 'live' | 'orphan' | 'root', Outcome][] = [
  ['leftover', 'stale-file', 'orphan', ['remove-files']],
  ['dask-metadata-summary', 'stale-file', 'orphan', ['remove-files']],
  ['outside-root', 'unlisted-file', 'live', ['rewrite', 'expire', 'remove-files']],
  ['not-parquet-name', 'unlisted-file', 'live', ['rewrite', 'expire', 'remove-files']],
  ['misplaced-file', 'partition-mismatch', 'live', ['rewrite', 'expire', 'remove-files']],
  ['older-schema-file', 'schema-drift', 'live', ['rewrite', 'expire', 'remove-files']],
  // The table has one spec, so no live file of an older one: a finding no step could remove is said, not dropped.
  ['older-spec-file', 'spec-evolution', 'live', 'unrepairable'],
  ['missing-from-storage', 'unlisted-file', 'live', 'unrepairable'],
  ['empty-tree', 'schema-drift', 'root', 'unrepairable'],
  ['unreadable-partition-value', 'partition-mismatch', 'root', 'unrepairable'],
  ['void-partition-directory', 'partition-mismatch', 'root', 'unrepairable'],
  ['unstored-partition-column', 'schema-drift', 'root', 'unrepairable'],
  ['mixed-identity-transform', 'schema-drift', 'root', 'unrepairable'],
  ['key-type', 'schema-drift', 'root', 'unrepairable'],
  ['transform-column', 'extra-column', 'root', 'nothing'],
  ['dropped-column', 'extra-column', 'root', 'nothing']
];

describe('one remedy per cause', () => {
  it.each(CASES)('should answer %s (%s on a %s path) with %p', async (cause, kind, where, outcome) => {
    const filePath = where === 'live' ? live[0].dataFile.filePath : where === 'orphan' ? `${root}/region=EU/leftover.parquet` : root;
    const finding: Finding = { kind, cause, path: filePath, detail: '', changesRows: true };
    const verdict: Verdict = { table: 't', status: 'drift', snapshot: metadata.currentSnapshotId!, layout: null, findings: [finding] };
    const decision = await decideRepair({ metadata, verdict, live, planFiles: planner, keepHistory: false });
    if (outcome === 'unrepairable') {
      expect(decision.steps).toEqual([]);
      expect(decision.unrepairable.map(u => [u.findings, u.paths])).toEqual([[[kind], [filePath]]]);
    } else if (outcome === 'nothing') {
      expect(decision).toEqual({ steps: [], unrepairable: [], copyOnWrite: false });
    } else {
      expect(decision.unrepairable).toEqual([]);
      expect(decision.steps.map(s => s.action.kind)).toEqual(outcome);
    }
  });

  it('should not act on findings that change no rows', async () => {
    const finding: Finding = { kind: 'stale-file', cause: 'leftover', path: `${root}/x.parquet`, detail: '', changesRows: false };
    const verdict: Verdict = { table: 't', status: 'consistent', snapshot: metadata.currentSnapshotId!, layout: null, findings: [finding] };
    expect(await decideRepair({ metadata, verdict, live, planFiles: planner, keepHistory: false })).toEqual({
      steps: [],
      unrepairable: [],
      copyOnWrite: false
    });
  });
});

describe('a file of the current spec outside its directories', () => {
  it('should rewrite every file whose directories lack a key Dask found, scoped to its partition', async () => {
    const day = table('day');
    const placed = `${ROOT}/obs_time_day=2024-01-02/a.parquet`;
    const atRoot = `${ROOT}/b.parquet`;
    const files = [entry(placed, 'day', { 1001: 19724 }), entry(atRoot, 'day', { 1001: 19725 })];
    const views = buildViews({ metadata: day, snapshotId: 8n, dataRoot: ROOT, live: files, listing: [placed, atRoot].map(p => ({ path: p, size: 100 })) });
    const footers = new Map([placed, atRoot].map(p => [p, footer(p, STANDARD_COLUMNS)]));
    const verdict: Verdict = { table: 't', snapshot: 8n, ...compareViews(day, views, footers) };
    expect(verdict.findings.filter(f => f.changesRows).map(f => [f.kind, f.cause])).toEqual([['spec-evolution', 'misplaced-file']]);
    const decision = await decideRepair({ metadata: day, verdict, live: files, planFiles: async (_m, id) => (id === 8n ? files : []), keepHistory: false });
    expect(decision.steps[0].action).toEqual({
      kind: 'rewrite',
      where: "obs_time >= TIMESTAMP_NTZ '2024-01-03T00:00:00' AND obs_time < TIMESTAMP_NTZ '2024-01-04T00:00:00'",
      partitions: ['obs_time_day=2024-01-03'],
      files: [{ path: atRoot, bytes: 100 }]
    });
  });
});

describe('a first file written before a column was dropped', () => {
  it('should rewrite the first file too, not only the later file Dask finds lacking the column', async () => {
    const metadata = table('region');
    const first = `${ROOT}/region=EU/old.parquet`;
    const later = `${ROOT}/region=US/new.parquet`;
    const files = [{ ...entry(first, 'region', { 1000: 'EU' }), snapshotId: 7n }, entry(later, 'region', { 1000: 'US' })];
    const views = buildViews({ metadata, snapshotId: 8n, dataRoot: ROOT, live: files, listing: [first, later].map(p => ({ path: p, size: 100 })) });
    const footers = new Map([
      [first, footer(first, [...STANDARD_COLUMNS, ['value', 9, 'string']])],
      [later, footer(later, STANDARD_COLUMNS)]
    ]);
    const verdict: Verdict = { table: 't', snapshot: 8n, ...compareViews(metadata, views, footers) };
    expect(verdict.findings.map(f => [f.cause, f.path, f.changesRows])).toEqual([
      ['older-schema-file', later, true],
      ['dropped-column', first, false]
    ]);
    const decision = await decideRepair({ metadata, verdict, live: files, planFiles: async (_m, id) => (id === 8n ? files : []), keepHistory: false });
    expect(decision.steps[0].action).toMatchObject({ kind: 'rewrite', where: "(region = 'US') OR (region = 'EU')", partitions: ['region=EU', 'region=US'] });
  });
});
