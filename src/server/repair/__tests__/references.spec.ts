import * as fs from 'fs';
import * as path from 'path';
import type { TableMetadata } from '../../../core/iceberg/model';
import { planFiles } from '../../metadata/planFiles';
import { readTableMetadata } from '../../metadata/reader';
import { FIXTURES, FixtureStorage } from '../../metadata/__tests__/fixtureStorage';
import type { LiveFilePlanner } from '../../verifier/verifier';
import { snapshotReferences } from '../references';
import { liveIndex, rewriteScope } from '../scope';

/** pyiceberg_v2: four snapshots (append, append, delete of one file, append), spec region/day/bucket[8]/truncate[3]. */
interface Expected {
  metadataLocation: string;
  currentSnapshotId: string;
  snapshots: { snapshotId: string; files: { filePath: string }[] }[];
}

const expected: Expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pyiceberg_v2', 'expected.json'), 'utf8'));
const storage = new FixtureStorage();
const planner: LiveFilePlanner = async (metadata, snapshotId) => {
  const plan = await planFiles(storage, metadata, { snapshotId });
  return [...plan.dataFiles, ...plan.deleteFiles];
};
let metadata: TableMetadata;

beforeAll(async () => {
  metadata = await readTableMetadata(storage, expected.metadataLocation);
});

describe('snapshotReferences', () => {
  const everyFile = [...new Set(expected.snapshots.flatMap(s => s.files.map(f => f.filePath)))];

  it('should name exactly the snapshots whose live set holds each file, and main’s head', async () => {
    const references = await snapshotReferences(metadata, planner, [...everyFile, '/nowhere/orphan.parquet']);
    for (const file of everyFile) {
      const holders = expected.snapshots.filter(s => s.files.some(f => f.filePath === file)).map(s => BigInt(s.snapshotId));
      const inCurrent = holders.includes(BigInt(expected.currentSnapshotId));
      const refs = references.of(file);
      expect({ snapshots: refs.snapshots, heads: refs.heads }).toEqual({ snapshots: holders, heads: inCurrent ? [{ name: 'main', type: 'branch' }] : [] });
      expect(refs.recorded).toBe(file);
      expect(refs.bytes).toBeGreaterThan(0);
    }
    expect(references.of('/nowhere/orphan.parquet')).toEqual({ snapshots: [], heads: [], bytes: 0 });
    expect(references.headsAt(BigInt(expected.currentSnapshotId))).toEqual([{ name: 'main', type: 'branch' }]);
  });

  it('should find a file the delete removed in the two snapshots before it, whatever the spelling of its location', async () => {
    const [first, second, third] = expected.snapshots;
    const deleted = second.files.map(f => f.filePath).filter(p => !third.files.some(f => f.filePath === p));
    expect(deleted).toHaveLength(1);
    expect(first.files.some(f => f.filePath === deleted[0])).toBe(true);
    const plain = deleted[0].replace(/^file:\/*/, '/');
    const references = await snapshotReferences(metadata, planner, [plain]);
    expect(references.of(`file:${plain}`)).toEqual({
      snapshots: [BigInt(first.snapshotId), BigInt(second.snapshotId)],
      heads: [],
      // The delete's own summary says how many bytes it removed.
      bytes: Number(metadata.snapshots[2].summary['removed-files-size']),
      recorded: deleted[0]
    });
  });
});

describe('rewriteScope', () => {
  it('should rewrite the whole table when a bucket field cannot be selected by a predicate', async () => {
    const live = await planner(metadata, BigInt(expected.currentSnapshotId), {});
    const one = live[0].dataFile.filePath;
    const scope = rewriteScope(metadata, liveIndex(live), [{ kind: 'partition-mismatch', cause: 'misplaced-file', path: one, detail: '', changesRows: true }]);
    expect(scope).toEqual({
      action: { kind: 'rewrite', where: null, partitions: [], files: live.map(e => ({ path: e.dataFile.filePath, bytes: e.dataFile.fileSizeInBytes })) },
      deleteFiles: [],
      wholeTable: 'no predicate on source columns selects exactly these partitions (unpartitioned, bucket or a dropped source column)',
      unscoped: []
    });
  });

  it('should have nothing to rewrite for a file that is not live', async () => {
    const live = await planner(metadata, BigInt(expected.currentSnapshotId), {});
    expect(
      rewriteScope(metadata, liveIndex(live), [{ kind: 'unlisted-file', cause: 'outside-root', path: '/elsewhere/x.parquet', detail: '', changesRows: true }])
    ).toBeNull();
  });
});
